package org.kexecreboot.grub;
public final class GrubConfigException extends Exception { public GrubConfigException(String m) { super(m); } }

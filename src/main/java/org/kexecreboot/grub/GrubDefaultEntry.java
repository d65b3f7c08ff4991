package org.kexecreboot.grub;
import java.util.Map;
public final class GrubDefaultEntry { public static GrubChoice resolve(byte[] s, Map<String, String> env) throws GrubConfigException { throw new GrubConfigException("placeholder"); } }

package org.kexecreboot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small file facts the way the shell and coreutils see them. */
public final class SystemFiles {

    private SystemFiles() {
    }

    /** What `$(cat FILE)` keeps: everything but the trailing newlines. */
    public static String withoutTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    /** `test -x`: exists (following links) and is executable (or, a directory, searchable) by us. */
    public static boolean isExecutable(Path file) {
        return Files.isExecutable(file);
    }

    /** The strerror-style reason coreutils would print for a failed file operation. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package org.kexecreboot.grub;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Run by {@link HeapBoundTest} in a JVM with the shims' heap: resolves the worst input of one kind
 * and says how it ended. An OutOfMemoryError escaping would end the JVM with status 1.
 */
public final class HeapProbe {

    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder cfg = new StringBuilder();
        int limit = GrubDefaultEntry.MAX_SCRIPT_BYTES - 200;
        switch (args[0]) {
            case "entries" -> {
                cfg.append("set default=\"last\"\n");
                for (int n = 0; cfg.length() < limit; n++) {
                    cfg.append("menuentry 'Debian GNU/Linux, with Linux 6.1.0-").append(n)
                            .append("' --class debian $menuentry_id_option 'id-").append(n).append("' {\n")
                            .append("\tif [ x$grub_platform = xxen ]; then insmod xzio; fi\n")
                            .append("\tlinux\t/boot/vmlinuz-").append(n).append(" root=UUID=0c1a ro quiet\n")
                            .append("\tinitrd\t/boot/initrd.img-").append(n).append("\n}\n");
                }
                cfg.append("menuentry last { linux /last }\n");
            }
            case "words" -> {
                cfg.append("menuentry x {\n linux /v ");
                while (cfg.length() < limit) {
                    cfg.append("a ");
                }
                cfg.append("\n}\n");
            }
            case "expansion" -> {
                cfg.append("a=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
                while (cfg.length() < limit) {
                    cfg.append("b=\"$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a\"\n");
                }
                cfg.append("menuentry a { linux /a $b }\n");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        try {
            GrubChoice choice = GrubDefaultEntry.resolve(cfg.toString().getBytes(StandardCharsets.UTF_8), Map.of());
            System.out.println("resolved: " + choice.path());
        } catch (GrubConfigException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}

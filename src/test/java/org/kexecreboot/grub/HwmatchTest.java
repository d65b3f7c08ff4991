package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Ubuntu's hwmatch: whether this GRUB has it, and what it matches. */
class HwmatchTest {

    /** Ubuntu's BIOS grub.cfg, the part that decides the graphics mode, and one entry passing $vt_handoff. */
    private static final String UBUNTU = """
            function gfxmode {
            	set gfxpayload="${1}"
            	if [ "${1}" = "keep" ]; then
            		set vt_handoff=vt.handoff=7
            	else
            		set vt_handoff=
            	fi
            }
            if [ -e ${prefix}/gfxblacklist.txt ]; then
              if [ ${grub_platform} != pc ]; then
                set linux_gfx_mode=keep
              elif hwmatch ${prefix}/gfxblacklist.txt 3; then
                if [ ${match} = 0 ]; then
                  set linux_gfx_mode=keep
                else
                  set linux_gfx_mode=text
                fi
              else
                set linux_gfx_mode=text
              fi
            else
              set linux_gfx_mode=keep
            fi
            menuentry 'Ubuntu' {
            	gfxmode $linux_gfx_mode
            	linux /boot/vmlinuz root=UUID=x ro quiet splash $vt_handoff
            }
            """;
    private static final String LIST = "# comment\n\nv15add0710.*\nv80eedbeef.*\nv1002d6738.*\n";
    private static final PciFunction QEMU_VGA = new PciFunction(0x1234, 0x1111, 0x1af4, 0x1100, 3, 0);
    private static final PciFunction VIRTUALBOX = new PciFunction(0x80ee, 0xbeef, 0, 0, 3, 0);
    private static final PciFunction VIRTUALBOX_BRIDGE = new PciFunction(0x80ee, 0xbeef, 0, 0, 6, 4);

    private static GrubFiles machine(Set<String> files, List<PciFunction> pci) {
        return new GrubFiles() {
            @Override
            public Kind lookup(String path) {
                return files.contains(path) ? Kind.FILE : Kind.MISSING;
            }

            @Override
            public byte[] read(String path, int maxBytes) throws java.io.IOException {
                if (!files.contains(path)) {
                    throw new java.nio.file.NoSuchFileException(path);
                }
                return LIST.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public List<PciFunction> pciFunctions() {
                return pci;
            }
        };
    }

    private static List<String> args(GrubFiles files) throws GrubConfigException {
        Map<String, String> env = Map.of("grub_platform", "pc", "prefix", "(" + GrubDefaultEntry.CONFIG_DEVICE + ")/boot/grub");
        GrubChoice choice = GrubDefaultEntry.resolve(UBUNTU.getBytes(StandardCharsets.UTF_8), env, files);
        return assertInstanceOf(GrubChoice.LinuxEntry.class, choice).kernelArgs();
    }

    private static final Set<String> UBUNTU_BIOS = Set.of("/boot/grub/gfxblacklist.txt", "/boot/grub/i386-pc/hwmatch.mod");

    @Test
    void aDisplayNotOnTheListKeepsTheGraphicsMode() throws Exception {
        assertEquals(List.of("root=UUID=x", "ro", "quiet", "splash", "vt.handoff=7"),
                args(machine(UBUNTU_BIOS, List.of(QEMU_VGA, VIRTUALBOX_BRIDGE))));
    }

    @Test
    void aDisplayOnTheListIsTextMode() throws Exception {
        assertEquals(List.of("root=UUID=x", "ro", "quiet", "splash"), args(machine(UBUNTU_BIOS, List.of(QEMU_VGA, VIRTUALBOX))));
    }

    @Test
    void withoutTheModuleHwmatchIsACommandGrubCannotFindAndThatSucceeds() throws Exception {
        // match stays unset: [ ${match} = 0 ] is [ = 0 ], and GRUB's test takes that as true (grub-emu: vt.handoff=7)
        assertEquals(List.of("root=UUID=x", "ro", "quiet", "splash", "vt.handoff=7"),
                args(machine(Set.of("/boot/grub/gfxblacklist.txt"), List.of(VIRTUALBOX))));
    }

    @Test
    void unknownPciFunctionsLeaveMatchUndecidedAndTheIfTakesItsElse() throws Exception {
        // as for any condition that cannot be told (an if takes it as false): text mode, no vt.handoff
        assertEquals(List.of("root=UUID=x", "ro", "quiet", "splash"), args(machine(UBUNTU_BIOS, null)));
    }

    @Test
    void listLinesAreAnchoredExtendedExpressionsOverTheFunctionsOfTheClass() {
        assertEquals(true, Hwmatch.matches("v80eedbeef.*\n", 3, List.of(VIRTUALBOX)));
        assertEquals(false, Hwmatch.matches("v80eedbeef.*\n", 3, List.of(VIRTUALBOX_BRIDGE)));
        assertEquals(false, Hwmatch.matches("80eedbeef.*\n", 3, List.of(VIRTUALBOX)), "anchored at the start");
        assertEquals(false, Hwmatch.matches("v80eedbeef\n", 3, List.of(VIRTUALBOX)), "anchored at the end");
        assertEquals(true, Hwmatch.matches("(\n" + "v(80ee|1234)d.*\r\n", 3, List.of(QEMU_VGA)), "a bad line skipped, CRLF");
        assertEquals("v80eedbeefsv0000sd0000bc03sc00", VIRTUALBOX.hwmatchId());
        assertNull(Hwmatch.matches("v[[:xdigit:]]*\n", 3, List.of(VIRTUALBOX)), "a POSIX class Java reads otherwise");
        assertNull(Hwmatch.matches("v.*\n", 3, null));
    }

    @Test
    void matchingPastItsBudgetOfReadsCannotTell() {
        // (Java's own loop memoization keeps the usual backtracking cases linear; the budget stops what is left)
        assertEquals(true, Hwmatch.matches("v1234.*\n", 3, List.of(QEMU_VGA), 100));
        assertNull(Hwmatch.matches("v1234.*\n", 3, List.of(QEMU_VGA), 10));
        assertNull(Hwmatch.matches("(v|d|s|[0-9a-f])*X\n", 3, List.of(QEMU_VGA, QEMU_VGA, QEMU_VGA), 50));
    }

    @Test
    void theClassIsReadAsGrubStrtolDoes() {
        assertEquals(3, Hwmatch.decimal("3"));
        assertEquals(3, Hwmatch.decimal(" 3x"));
        assertEquals(0, Hwmatch.decimal("x3"));
        assertEquals(-2, Hwmatch.decimal("-2"));
    }
}

package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GrubDefaultEntryTest {

    static GrubChoice resolve(String cfg, String... env) throws GrubConfigException {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i + 1 < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        return GrubDefaultEntry.resolve(cfg.getBytes(StandardCharsets.UTF_8), vars);
    }

    static GrubChoice.LinuxEntry linux(String cfg, String... env) throws GrubConfigException {
        GrubChoice c = resolve(cfg, env);
        return assertInstanceOf(GrubChoice.LinuxEntry.class, c, c.toString());
    }

    /** A one-entry script whose kernel args show how the words of {@code line} expand. */
    static List<String> argsOf(String setup, String words) throws GrubConfigException {
        return linux(setup + "\nmenuentry t {\n linux /k " + words + "\n}\n").kernelArgs();
    }

    static String entries(String... titles) {
        StringBuilder sb = new StringBuilder();
        for (String t : titles) {
            sb.append("menuentry '").append(t).append("' --id 'id-").append(t).append("' {\n  linux /vmlinuz-")
              .append(t).append("\n}\n");
        }
        return sb.toString();
    }

    @Nested
    class Quoting {
        @Test
        void singleQuotesAreLiteral() throws Exception {
            assertEquals(List.of("a $x \\\" b"), argsOf("x=1", "'a $x \\\" b'"));
        }

        @Test
        void doubleQuotesExpandAndKnowFewEscapes() throws Exception {
            assertEquals(List.of("v=1 \" \\ $ \\n"), argsOf("x=1", "\"v=$x \\\" \\\\ \\$ \\n\""));
        }

        @Test
        void backslashOutsideQuotesTakesNextCharLiterally() throws Exception {
            assertEquals(List.of("a b", "$x", "c;d"), argsOf("x=1", "a\\ b \\$x c\\;d"));
        }

        @Test
        void backslashNewlineContinuesTheLine() throws Exception {
            assertEquals(List.of("one", "two", "three"), argsOf("", "one \\\ntwo \"thr\\\nee\""));
        }

        @Test
        void quotedPiecesJoinIntoOneWord() throws Exception {
            assertEquals(List.of("a-b-1-c"), argsOf("x=1", "a'-b-'$x\"-c\""));
        }

        @Test
        void hashStartsACommentOnlyAtWordStart() throws Exception {
            assertEquals(List.of("a#b"), argsOf("", "a#b # comment here"));
        }

        @Test
        void semicolonSeparatesCommands() throws Exception {
            assertEquals("/k2", linux("menuentry t { linux /k1; linux /k2 }").kernel());
        }

        @Test
        void emptyQuotedStringIsAnArgumentButEmptyVariableIsNot() throws Exception {
            assertEquals(List.of("", "", "x"), argsOf("", "\"\" \"$nothing\" $nothing x"));
        }

        @Test
        void quotedNewlinesStayInsideTheWord() throws Exception {
            assertEquals(List.of("a\nb"), argsOf("", "'a\nb'"));
        }
    }

    @Nested
    class Variables {
        @Test
        void setPlainAssignmentUnsetAndEmpty() throws Exception {
            assertEquals(List.of("1", "2", "x", "y"),
                    argsOf("set a=1\nb=2\nset c=3\nunset c\nset d=\nexport a", "$a ${b} $c $d x${d}${c} y"));
        }

        @Test
        void unknownVariablesAreEmpty() throws Exception {
            assertEquals(List.of("ab"), argsOf("", "a${nope}b"));
        }

        @Test
        void unquotedExpansionIsSplitOnWhitespaceLikeGrub() throws Exception {
            // leading blanks dropped; the first field joins the text before; trailing blanks do not end the word
            assertEquals(List.of("xa", "b", "cy"), argsOf("v=\"  a \t b c  \"", "x${v}y"));
            assertEquals(List.of("a b"), argsOf("v=\"a b\"", "\"$v\""));
        }

        @Test
        void grubFeatureVariablesAreSetAndEnvOverrides() throws Exception {
            assertEquals(List.of("y", "y", "n"),
                    argsOf("", "$feature_menuentry_id $feature_timeout_style $feature_all_video_module",
                            "feature_all_video_module", "n"));
        }

        @Test
        void entryBodySeesFinalGlobalsAndItsOwnSets() throws Exception {
            GrubChoice.LinuxEntry e = linux("set k=/old\nmenuentry t {\n set a=1\n linux $k a=$a\n set a=2\n}\nset k=/new\n");
            assertEquals("/new", e.kernel());
            assertEquals(List.of("a=1"), e.kernelArgs());
        }

        @Test
        void menuentryArgumentsArePositionalParameters() throws Exception {
            // the body's $1 is the title, as in GRUB (lang-entry-positional)
            assertEquals(List.of("t", "x", "y", "3"), linux("menuentry t x y { linux /k $1 $2 $3 $# }").kernelArgs());
        }

        @Test
        void submenuSeesOnlyExportedVariables() throws Exception {
            GrubChoice.LinuxEntry e = linux("a=A\nb=B\nexport a\nsubmenu s { menuentry t { linux /k $a $b } }");
            assertEquals(List.of("A"), e.kernelArgs());
        }

        private List<String> argsOf(String setup, String words, String... env) throws GrubConfigException {
            return linux(setup + "\nmenuentry t {\n linux /k " + words + "\n}\n", env).kernelArgs();
        }
    }

    @Nested
    class Conditions {
        private String pick(String condition, String... env) throws GrubConfigException {
            return linux("if " + condition + "; then k=/then; else k=/else; fi\nmenuentry t { linux $k }", env).kernel();
        }

        @Test
        void stringTests() throws Exception {
            assertEquals("/then", pick("[ x$grub_platform = xpc ]", "grub_platform", "pc"));
            assertEquals("/else", pick("[ x$grub_platform = xxen ]", "grub_platform", "pc"));
            assertEquals("/then", pick("[ \"a\" == \"a\" ]"));
            assertEquals("/then", pick("[ a != b ]"));
            assertEquals("/then", pick("[ -z \"$unset\" ]"));
            assertEquals("/else", pick("[ -n \"$unset\" ]"));
            assertEquals("/then", pick("[ word ]"));
            assertEquals("/else", pick("[ \"$unset\" ]"));
            assertEquals("/then", pick("test -n x"));
            assertEquals("/then", pick("[ ! a = b ]"));
            assertEquals("/then", pick("[ a = b -o c = c ]"));
            assertEquals("/else", pick("[ a = a -a c = d ]"));
            assertEquals("/then", pick("[ ( a = b ) -o ( 2 -gt 1 ) ]"));
            // Each checked with grub-emu (GRUB 2.06): grub_cmd_test drops a last "]" and never requires one; an
            // empty test is true (test_parse starts with and = 1); an unquoted unset variable is no word at all.
            assertEquals("/then", pick("[ a = a"));
            assertEquals("/else", pick("test a = b ]"));
            assertEquals("/then", pick("[ ]"));
            assertEquals("/then", pick("[ $unset ]"));
            assertEquals("/else", pick("[ a = b -a -f /x ]"), "false and-ed with an unknown file test is false");
            assertEquals("/then", pick("[ a = a -o -f /x ]"), "true or-ed with an unknown file test is true");
            assertEquals("/else", pick("[ -f /x -o a = b ]"), "unknown or false: undecided, counts as false");
            assertEquals("/then", pick("true"));
            assertEquals("/then", pick("! false"));
        }

        @Test
        void undecidableConditionsCountAsFalse() throws Exception {
            assertEquals("/else", pick("[ -f /boot/grub/custom.cfg ]"));
            assertEquals("/else", pick("[ ! -e /x ]"));
            assertEquals("/else", pick("loadfont unicode"));
            assertEquals("/else", pick("! keystatus --shift"));
            // an undecidable operand discarded by -o is not needed
            assertEquals("/then", pick("[ -z \"\" -o -f /x ]"));
            assertEquals("/else", pick("fwsetup --is-supported; [ \"$?\" = 0 ]"));
        }

        @Test
        void elifChainTakesTheFirstTrueBranch() throws Exception {
            String cfg = "if [ a = b ]; then k=/1\nelif [ $v = 2 ]\nthen\n k=/2\nelif true; then k=/3\nelse k=/4\nfi\n"
                    + "menuentry t { linux $k }";
            assertEquals("/2", linux(cfg, "v", "2").kernel());
            assertEquals("/3", linux(cfg, "v", "9").kernel());
        }

        @Test
        void menuEntriesInsideIfBlocksFollowTheBranch() throws Exception {
            String cfg = "if [ \"${grub_platform}\" = \"pc\" ]; then\nmenuentry memtest { linux16 /memtest }\nfi\n"
                    + "menuentry other { linux /k }\n";
            assertEquals("memtest", resolve(cfg, "grub_platform", "pc").path());
            assertEquals("other", resolve(cfg, "grub_platform", "efi").path());
        }

        @Test
        void functionCallsRunTheirBody() throws Exception {
            String cfg = "function f {\n menuentry inside-function { linux /f }\n set k=/fromfunction\n}\n"
                    + "set k=/plain\nf\nmenuentry real { linux $k }\n";
            // the call adds its entry to the menu (entry 0) and sets k, as GRUB does
            assertEquals("inside-function", linux(cfg).path());
            assertEquals("/fromfunction", linux(cfg + "set default=1\n").kernel());
        }

        @Test
        void loopsRunAsGrubRunsThem() throws Exception {
            // for: one run per word (split as arguments are), the variable keeps the last word
            String cfg = "for i in a \"b c\" $list; do menuentry \"e$i\" { linux /$i }; done\n"
                    + "menuentry last { linux /$i }\n";
            assertEquals("ea", linux(cfg, "list", "d e").path());
            assertEquals("/e", linux(cfg + "set default=4\n", "list", "d e").kernel());
            assertEquals("eb c", linux(cfg + "set default=1\n", "list", "d e").path());
            // while/until with a condition that changes; an undecidable condition counts as false
            String count = "n=x\nwhile [ $n != xxxx ]; do n=${n}x; done\nuntil [ $n = xxxxxx ]; do n=${n}x; done\n"
                    + "while search --set r --file /f; do n=never; done\nmenuentry a { linux /$n }\n";
            assertEquals("/xxxxxx", linux(count).kernel());
        }

        @Test
        void breakAndContinueAsGrub() throws Exception {
            String cfg = "r=\nfor i in 1 2 3; do for j in a b c; do if [ $j = b ]; then continue 2; fi; r=$r$i$j; done; r=${r}X; done\n"
                    + "for i in 1 2 3; do if [ $i = 2 ]; then break; fi; r=$r$i; done\n"
                    + "while true; do r=${r}w; break 5; done\n"
                    + "function f { break; r=${r}f; }\nfor i in 1 2; do f; r=$r$i; done\n"
                    + "menuentry a { linux /$r }\n";
            // continue 2 skips the rest of the outer body; break 5 ends only the loops open; a function's break
            // reaches no loop of its caller
            assertEquals("/1a2a3a1wf1f2", linux(cfg).kernel());
        }

        @Test
        void endlessLoopsEndTheReadingWithOneLine() {
            GrubConfigException e = assertThrows(GrubConfigException.class,
                    () -> resolve("while true; do x=1; done\nmenuentry a { linux /a }\n"));
            assertTrue(e.getMessage().contains("line 1: 'while' loops run more than 1000 times"), e.getMessage());
            GrubConfigException nested = assertThrows(GrubConfigException.class, () -> resolve(
                    "for a in 1 2 3 4 5 6 7 8 9 10 11; do for b in 1 2 3 4 5 6 7 8 9 10; do for c in 1 2 3 4 5 6 7 8 9 10;"
                    + " do x=1; done; done; done\nmenuentry a { linux /a }\n"));
            assertTrue(nested.getMessage().contains("'for' loops run more than 1000 times"), nested.getMessage());
        }

        @Test
        void ubuntusGfxmodeFunctionSetsVtHandoff() throws Exception {
            String cfg = "function gfxmode {\n set gfxpayload=\"${1}\"\n if [ \"${1}\" = \"keep\" ]; then\n"
                    + "  set vt_handoff=vt.handoff=7\n else\n  set vt_handoff=\n fi\n}\n"
                    + "set linux_gfx_mode=keep\nexport linux_gfx_mode\n"
                    + "menuentry Ubuntu {\n gfxmode $linux_gfx_mode\n linux /vmlinuz ro quiet splash $vt_handoff\n}\n";
            assertEquals(List.of("ro", "quiet", "splash", "vt.handoff=7"), linux(cfg).kernelArgs());
        }

        @Test
        void functionCommandsComeFirstAndCallsAreDepthBounded() throws Exception {
            // GRUB looks up commands before functions: this linux is the loader, not the function
            assertEquals("/real", linux("function linux { set x=1 }\nmenuentry a { linux /real }\n").kernel());
            // endless recursion ends at the depth bound with an unknown status, not a stack overflow
            String cfg = "function r { r; set k=/after; }\nr\nmenuentry a { linux $k }\n";
            assertEquals("/after", linux(cfg).kernel());
            String fork = "function r { r; r; r; r; }\nr\nmenuentry a { linux /x }\n";
            assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(fork.getBytes(), Map.of()));
        }
    }

    @Nested
    class Defaults {
        private final String flat = entries("a", "b", "c");

        @Test
        void indexTitleAndId() throws Exception {
            assertEquals("b", resolve("set default=1\n" + flat).path());
            assertEquals("c", resolve("set default=\"c\"\n" + flat).path());
            assertEquals("c", resolve("set default='id-c'\n" + flat).path());
            assertEquals("b", resolve("default=0x1\n" + flat).path(), "grub_strtoul reads hex");
        }

        @Test
        void emptyUnsetNotFoundAndOutOfRangeGiveEntryZero() throws Exception {
            assertEquals("default is empty: entry 0", resolve("set default=\n" + flat).reason());
            assertEquals("default is not set: entry 0", resolve(flat).reason());
            GrubChoice notFound = resolve("set default=nosuch\n" + flat);
            assertEquals("a", notFound.path());
            assertTrue(notFound.reason().contains("matches no title or id"), notFound.reason());
            assertEquals("a", resolve("set default=7\n" + flat).path());
            assertEquals("a", resolve("set default=99999999999999999999999\n" + flat).path());
        }

        @Test
        void reasonNamesTheSourceOfTheValue() throws Exception {
            String cfg = "if [ \"${next_entry}\" ] ; then\n set default=\"${next_entry}\"\nelse\n set default=\"${saved_entry}\"\nfi\n"
                    + "submenu 'S' --id sid {\n" + entries("x", "y") + "}\n" + flat;
            GrubChoice c = resolve(cfg, "saved_entry", "sid>id-y");
            assertEquals("S>y", c.path());
            assertEquals("default=\"sid>id-y\" (from saved_entry in grubenv): submenu id, then entry id", c.reason());
            GrubChoice d = resolve("set default=\"2\"\n" + flat);
            assertEquals("default=\"2\" (set on grub.cfg line 1): entry index 2", d.reason());
        }

        @Test
        void nextEntryWinsOverSavedEntry() throws Exception {
            String cfg = "if [ \"${next_entry}\" ] ; then\n set default=\"${next_entry}\"\n set next_entry=\n"
                    + " save_env next_entry\nelse\n set default=\"${saved_entry}\"\nfi\n" + flat;
            assertEquals("b", resolve(cfg, "saved_entry", "c", "next_entry", "b").path());
            assertEquals("c", resolve(cfg, "saved_entry", "c").path());
            assertEquals("c", resolve(cfg, "saved_entry", "c", "next_entry", "").path());
        }

        @Test
        void submenuPathsMixNumbersIdsAndTitles() throws Exception {
            String cfg = "menuentry top { linux /top }\nsubmenu 'Sub' --id sub {\n" + entries("x", "y", "z")
                    + "  submenu 'Deeper' { " + entries("d0", "d1") + " }\n}\n";
            assertEquals("Sub>z", resolve("set default='1>2'\n" + cfg).path());
            assertEquals("Sub>y", resolve("set default='sub>1'\n" + cfg).path());
            assertEquals("Sub>z", resolve("set default='Sub>id-z'\n" + cfg).path());
            assertEquals("Sub>x", resolve("set default='1>zz'\n" + cfg).path());
            assertEquals("Sub>Deeper>d1", resolve("set default='sub>Deeper>id-d1'\n" + cfg).path());
            assertEquals("Sub>Deeper>d1", resolve("set default='1>3>1'\n" + cfg).path());
        }

        @Test
        void defaultNamingASubmenuBootsItsFirstEntry() throws Exception {
            String cfg = "set default=sub\nmenuentry top { linux /top }\nsubmenu S --id sub {\n" + entries("x", "y") + "}\n";
            GrubChoice c = resolve(cfg);
            assertEquals("S>x", c.path());
            assertEquals("default=\"sub\" (set on grub.cfg line 1): submenu id, then entry 0", c.reason());
        }

        @Test
        void entryZeroBeingASubmenuIsEntered() throws Exception {
            assertEquals("S>x", resolve("submenu S {\n" + entries("x", "y") + "}\n" + flat).path());
        }

        @Test
        void doubledGreaterThanIsALiteralGreaterThanInTitles() throws Exception {
            assertEquals("a>b", resolve("set default='a>>b'\nmenuentry a { linux /1 }\nmenuentry 'a>b' { linux /2 }").path());
        }

        @Test
        void menuentryIdOptionVariableAndIdForms() throws Exception {
            String cfg = "menuentry_id_option=\"--id\"\nmenuentry A --class os $menuentry_id_option 'ida' { linux /a }\n"
                    + "menuentry B --unrestricted --id=idb --hotkey=b { linux /b }\nmenuentry --class x C { linux /c }\n";
            assertEquals("B", resolve("set default=idb\n" + cfg).path());
            assertEquals("A", resolve("set default=ida\n" + cfg).path());
            assertEquals("C", resolve("set default=C\n" + cfg).path());
        }

        @Test
        void menuentryWithAnUnknownOptionIsNotAddedLikeInGrub() throws Exception {
            assertEquals("b", resolve("set default=0\nmenuentry --bogus a { linux /a }\nmenuentry b { linux /b }").path());
        }
    }

    @Nested
    class Entries {
        @Test
        void multipleInitrdsFromTheLastInitrdCommand() throws Exception {
            // (hd0): grub.cfg's device ((hd0,gpt2) would be GRUB's name for a disk this system cannot tell)
            GrubChoice.LinuxEntry e = linux("menuentry t {\n linux (hd0)/vmlinuz ro quiet\n initrd /old\n"
                    + " initrd /intel-ucode.img /amd-ucode.img /initramfs.img\n}");
            assertEquals("(hd0)/vmlinuz", e.kernel());
            assertEquals(List.of("ro", "quiet"), e.kernelArgs());
            assertEquals(List.of("/intel-ucode.img", "/amd-ucode.img", "/initramfs.img"), e.initrds());
        }

        @Test
        void linux16AndLinuxefiAreLinux() throws Exception {
            assertEquals("/m", linux("menuentry t { linux16 /m; initrd16 /i }").kernel());
            assertEquals(List.of("/i"), linux("menuentry t { linuxefi /k; initrdefi /i }").initrds());
        }

        @Test
        void otherEntries() throws Exception {
            assertEquals("chainloader +1",
                    assertInstanceOf(GrubChoice.OtherEntry.class, resolve("menuentry w { chainloader +1 }")).what());
            assertEquals("fwsetup",
                    assertInstanceOf(GrubChoice.OtherEntry.class, resolve("menuentry f { fwsetup }")).what());
            assertEquals("no linux command",
                    assertInstanceOf(GrubChoice.OtherEntry.class, resolve("menuentry e { echo hi }")).what());
            assertEquals("multiboot2 /boot/xen.gz",
                    assertInstanceOf(GrubChoice.OtherEntry.class,
                            resolve("menuentry x { multiboot2 /boot/xen.gz; module2 /vmlinuz }")).what());
        }

        @Test
        void ifInsideTheBodyIsEvaluated() throws Exception {
            String cfg = "menuentry t {\n if [ x$grub_platform = xefi ]; then linux /efi; else linux /pc; fi\n}";
            assertEquals("/efi", linux(cfg, "grub_platform", "efi").kernel());
            assertEquals("/pc", linux(cfg, "grub_platform", "pc").kernel());
        }
    }

    @Nested
    class Errors {
        private void fails(String cfg, String messagePart) {
            GrubConfigException e = assertThrows(GrubConfigException.class, () -> resolve(cfg));
            assertTrue(e.getMessage().contains(messagePart), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }

        @Test
        void aSyntaxErrorThatLeavesNoEntryIsNamed() {
            fails("menuentry a {\n linux '/k\n}\n", "no menu entries (GRUB skips what has a syntax error; grub.cfg line 2: single quote is never closed)");
            fails("menuentry a {\n linux \"/k\n}\n", "line 2: double quote is never closed");
            fails("menuentry a {\n linux /k\n", "line 1: '{' of 'menuentry' is never closed");
            fails("if true; then\nmenuentry a { linux /k }\n", "line 1: 'if' is never closed");
            fails("fi\n", "line 1: unexpected 'fi'");
            fails("echo a | b\nmenuentry a { linux /a } | x\n", "line 1: unquoted '|'");
            fails("echo $\n", "'$' is not followed by a variable name");
            fails("echo ${a b}\n", "is not closed by '}'");
        }

        /** What GRUB 2.06 (grub-emu) drops for each form: checked by the lang-syntax-* oracle cases. */
        @Test
        void aSyntaxErrorDropsItsWholeStatementUpToTheEndOfItsLine() throws Exception {
            String cfg = "a=1; b=2; ; c=3\n"                      // an empty command: the whole line goes
                    + "if true; then\n e=5\n f=6; ; g=7\n h=8\nfi\n" // up to the error's line; h=8 is read anew
                    + "if true;then t4=4; ;fi\n"
                    + "menuentry x { linux /x; ; }\n"
                    + "menuentry \"m$a$b$c$e$f$g$h$t4\" { linux /m }\n"
                    + "}\n";                                     // a stray '}': only its own line goes
            assertEquals("m8", linux(cfg).path());
        }

        @Test
        void formsGrubRejectsAreDropped() throws Exception {
            String[] rejected = {
                "{ p=1; }", "p=1 }", ";p=1", "p=1;;", "p=1 &&", "p=1 <", "p=1 \"$\"", "p=1 [[", "p=1 ]]",
                "in; p=1", "if true; then fi; p=1", "if true; then p=1; fi true", "menuentry e { } ; p=1",
                "for $y in a; do p=1; done", "for y in a b do; p=1; done", "function 1f { p=1; }\n1f",
                "function f { p=1 }\nf", "if true; then function g { p=1; }; fi\ng",
            };
            for (String form : rejected) {
                assertEquals("/", linux(form + "\nmenuentry a { linux /$p }\n").kernel(), form);
            }
            String[] accepted = {"true time; p=1", "true; p=1 ;", "! true; p=1", "p=1 $1x",
                "function f {\np=1\n}\nf", "function f { p=1;\n}\nf", "if true; then p=1; fi; q=2"};
            for (String form : accepted) {
                assertTrue(linux(form + "\nmenuentry a { linux /$p }\n").kernel().startsWith("/1"), form);
            }
        }

        @Test
        void noMenuEntries() {
            fails("set default=0\n# nothing\n", "grub.cfg has no menu entries");
            fails("", "grub.cfg has no menu entries");
        }
    }

    @Nested
    class GrubenvWrites {
        private static final String HEADER = "if [ \"${next_entry}\" ] ; then\n set default=\"${next_entry}\"\n"
                + " set next_entry=\n save_env next_entry\n set boot_once=true\nelse\n set default=\"${saved_entry}\"\nfi\n"
                + "function savedefault {\n if [ -z \"${boot_once}\" ]; then\n  saved_entry=\"${chosen}\"\n"
                + "  save_env saved_entry\n fi\n}\n";
        private static final String MENU = "menuentry A --id a { savedefault\n linux /a }\n"
                + "submenu S --id s { menuentry B --id b { savedefault\n linux /b } }\n";

        @Test
        void oneTimeEntryIsClearedAndNotSavedAsDefault() throws Exception {
            GrubChoice.LinuxEntry e = linux(HEADER + MENU, "next_entry", "a", "saved_entry", "s>b");
            assertEquals("/a", e.kernel());
            assertEquals(Map.of("next_entry", ""), e.grubenvWrites());
            // In a submenu GRUB's new context has only exported variables, and boot_once is not exported: GRUB's
            // savedefault then does record the one-time entry. We do what GRUB does.
            GrubChoice.LinuxEntry inSubmenu = linux(HEADER + MENU, "next_entry", "s>b", "saved_entry", "a");
            assertEquals("/b", inSubmenu.kernel());
            assertEquals(List.of("next_entry", "saved_entry"), List.copyOf(inSubmenu.grubenvWrites().keySet()));
            assertEquals("s>b", inSubmenu.grubenvWrites().get("saved_entry"));
        }

        @Test
        void savedefaultRecordsTheChosenPathOfIds() throws Exception {
            GrubChoice.LinuxEntry e = linux(HEADER + MENU + "set default=1\n");
            assertEquals(Map.of("saved_entry", "s>b"), e.grubenvWrites());
            assertEquals(Map.of("saved_entry", "a"), linux(HEADER + MENU).grubenvWrites());
        }

        @Test
        void nothingIsWrittenWithoutSaveEnv() throws Exception {
            assertEquals(Map.of(), linux("menuentry A { linux /a }\n").grubenvWrites());
            assertEquals(Map.of(), linux("save_env -f /other x\nmenuentry A { linux /a }\n").grubenvWrites());
        }
    }

    @Test
    void anOptionValueStartingWithADashIsMissingAndTheEntryIsNotAdded() throws Exception {
        // RHEL 8: "--users $grub_users" with grub_users unset: GRUB refuses that menuentry (grub_arg_parse)
        String cfg = "menuentry 'rhel' --users $grub_users --id rhel { linux /rhel }\nmenuentry other { linux /other }\n";
        assertEquals("other", linux(cfg).path());
        assertEquals("rhel", linux("menuentry 'rhel' --users \"\" --id rhel { linux /rhel }\n").path());
    }

    @Test
    void fileTestsOnTheFileSystemOfGrubCfgAreDecided() throws Exception {
        GrubFiles files = path -> switch (path) {
            case "/dir" -> GrubFiles.Kind.DIRECTORY;
            case "/empty" -> GrubFiles.Kind.EMPTY_FILE;
            case "/vmlinuz" -> GrubFiles.Kind.FILE;
            default -> GrubFiles.Kind.MISSING;
        };
        String menu = "menuentry t { linux /t }\nmenuentry e { linux /e }\n";
        java.util.function.Function<String, String> pick = cond -> {
            try {
                return GrubDefaultEntry.resolve(("if " + cond + "; then set default=0; else set default=1; fi\n" + menu)
                        .getBytes(StandardCharsets.UTF_8), Map.of(), files).path();
            } catch (GrubConfigException e) {
                throw new AssertionError(e);
            }
        };
        assertEquals("e", pick.apply("[ -f /missing -a x = x ]"));
        assertEquals("t", pick.apply("[ ! -f /missing ]"));
        assertEquals("t", pick.apply("[ -d /dir -a -f /empty -a -s /vmlinuz -a -e / ]"));
        assertEquals("e", pick.apply("[ -s /empty -o -s /dir -o -f /dir ]"));
        assertEquals("t", pick.apply("[ -d \"\" ]"));
        // after search (or set root) $root is a device this system cannot name: undecided, so false
        assertEquals("e", pick.apply("search --set=root --fs-uuid x; [ -f /vmlinuz ]"));
        assertEquals("e", pick.apply("set root=hd1,gpt2; [ -f /vmlinuz ]"));
        assertEquals("t", pick.apply("[ -f (hd0)/vmlinuz ]"));
        assertEquals("e", pick.apply("[ -f (loop)/vmlinuz ]"));
    }

    @Test
    void anEntryOnAnotherFileSystemIsNotReadOnThisOne() throws Exception {
        GrubFiles ours = new GrubFiles() {
            @Override
            public Kind lookup(String path) {
                return null;
            }

            @Override
            public Boolean isThisFileSystem(String how, String value) {
                return how.equals("fs-uuid") ? value.equals("0c1a") : value.equals("boot");
            }
        };
        String entry = "menuentry e {\n set root='hd1,gpt2'\n search --no-floppy --fs-uuid --set=root --hint-bios=hd1,gpt2 %s\n"
                + " linux /boot/vmlinuz root=UUID=%s\n}\n";
        GrubChoice other = GrubDefaultEntry.resolve(String.format(entry, "7d3c", "7d3c").getBytes(), Map.of(), ours);
        GrubChoice.ElsewhereEntry elsewhere = assertInstanceOf(GrubChoice.ElsewhereEntry.class, other);
        assertEquals("fs-uuid 7d3c", elsewhere.fileSystem());
        assertEquals("fs-uuid", elsewhere.searchedBy());
        assertEquals("7d3c", elsewhere.searchedFor());
        // the entry's own words stay with it: where that file system is mounted, they are read there
        assertEquals("/boot/vmlinuz", elsewhere.linux().kernel());
        assertEquals(List.of("root=UUID=7d3c"), elsewhere.linux().kernelArgs());
        GrubChoice same = GrubDefaultEntry.resolve(String.format(entry, "0c1a", "0c1a").getBytes(), Map.of(), ours);
        assertEquals("/boot/vmlinuz", assertInstanceOf(GrubChoice.LinuxEntry.class, same).kernel());
        // a label, through a variable, as in hand-written entries
        String label = "menuentry e {\n search -l -s dev other\n set root=$dev\n linux /vmlinuz\n}\n";
        assertInstanceOf(GrubChoice.ElsewhereEntry.class, GrubDefaultEntry.resolve(label.getBytes(), Map.of(), ours));
        assertTrue(elsewhere.identified());
        // when this system cannot tell, the entry is not taken for one on grub.cfg's file system (issue 20)
        GrubChoice.ElsewhereEntry unknown = assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                GrubDefaultEntry.resolve(String.format(entry, "7d3c", "7d3c").getBytes(), Map.of(), GrubFiles.UNKNOWN));
        assertFalse(unknown.identified());
        assertEquals("fs-uuid 7d3c", unknown.fileSystem());
        assertEquals("/boot/vmlinuz", unknown.linux().kernel());
        // nor is GRUB's name for a disk: set root without search, and a $root from grubenv
        String setRoot = "menuentry e {\n set root='hd1,gpt2'\n linux /vmlinuz\n}\n";
        GrubChoice.ElsewhereEntry disk = assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                GrubDefaultEntry.resolve(setRoot.getBytes(), Map.of(), ours));
        assertEquals("device hd1,gpt2", disk.fileSystem());
        assertFalse(disk.identified());
        String plain = "menuentry e {\n linux /vmlinuz\n}\n";
        GrubChoice.ElsewhereEntry fromGrubenv = assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                GrubDefaultEntry.resolve(plain.getBytes(), Map.of("root", "hd0,gpt3"), ours));
        assertEquals("device hd0,gpt3", fromGrubenv.fileSystem());
        assertFalse(fromGrubenv.identified());
        assertInstanceOf(GrubChoice.LinuxEntry.class, GrubDefaultEntry.resolve(plain.getBytes(), Map.of(), ours));
        // a path on GRUB's name for a disk, whatever $root is; (hd0), grub.cfg's device, is read here
        String prefixed = "menuentry e {\n linux /vmlinuz\n initrd (hd1,gpt2)/initrd.img\n}\n";
        GrubChoice.ElsewhereEntry onDisk = assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                GrubDefaultEntry.resolve(prefixed.getBytes(), Map.of(), ours));
        assertEquals("device hd1,gpt2", onDisk.fileSystem());
        assertFalse(onDisk.identified());
        assertEquals("device hd0,msdos1", assertInstanceOf(GrubChoice.ElsewhereEntry.class, GrubDefaultEntry.resolve(
                "menuentry e {\n linux (hd0,msdos1)/vmlinuz\n}\n".getBytes(), Map.of(), ours)).fileSystem());
        assertInstanceOf(GrubChoice.LinuxEntry.class, GrubDefaultEntry.resolve(
                "menuentry e {\n linux (hd0)/vmlinuz\n}\n".getBytes(), Map.of(), ours));
        assertInstanceOf(GrubChoice.LinuxEntry.class, GrubDefaultEntry.resolve(
                "menuentry e {\n linux (loop)/vmlinuz\n}\n".getBytes(), Map.of(), ours)); // refused by its caller
        // set root to grub.cfg's device again after search: read here
        String back = "menuentry e {\n search -u -s 7d3c\n set root=hd0\n linux /vmlinuz\n}\n";
        assertInstanceOf(GrubChoice.LinuxEntry.class, GrubDefaultEntry.resolve(back.getBytes(), Map.of(), ours));
    }

    /** source and search --file on a file system given as a map of paths to contents. */
    /**
     * Issue 20 with the public parity cases: where this system cannot identify a file system, the one grub-mkconfig's
     * 10_linux named for this system's kernels is this system's /boot; every other name is refused.
     */
    @Nested
    class TenLinuxNamesThisSystemsKernels {
        private static final String OURS = "0c1a6a2e-8a4f-4c6b-9a51-4f0e1f1e7d11";

        private GrubChoice resolve(String cfg) throws Exception {
            return GrubDefaultEntry.resolve(cfg.getBytes(), Map.of(), GrubFiles.UNKNOWN);
        }

        private String section(String script, String body) {
            return "### BEGIN /etc/grub.d/" + script + " ###\n" + body + "### END /etc/grub.d/" + script + " ###\n";
        }

        private String entry(String title, String rootLines, String kernel) {
            return "menuentry '" + title + "' {\n" + rootLines + "\tlinux\t" + kernel + " ro\n}\n";
        }

        private final String search = "\tset root='hd0,gpt2'\n\tif [ x$feature_platform_search_hint = xy ]; then\n"
                + "\t  search --no-floppy --fs-uuid --set=root --hint-bios=hd0,gpt2  " + OURS + "\n\telse\n"
                + "\t  search --no-floppy --fs-uuid --set=root " + OURS + "\n\tfi\n";

        @Test
        void theUuidTenLinuxSearchesIsThisSystemsBoot() throws Exception {
            GrubChoice.LinuxEntry e = assertInstanceOf(GrubChoice.LinuxEntry.class,
                    resolve(section("10_linux", entry("Debian", search, "/boot/vmlinuz-6.1"))));
            assertEquals("/boot/vmlinuz-6.1", e.kernel());
            // GRUB compares UUIDs without case
            assertInstanceOf(GrubChoice.LinuxEntry.class, resolve(section("10_linux",
                    entry("Debian", search.replace("--set=root " + OURS, "--set=root " + OURS.toUpperCase()), "/k"))));
        }

        @Test
        void anotherUuidIsNotEvenWhenTenLinuxNamesOne() throws Exception {
            String other = "2c2c2c2c-0000-4000-8000-000000000002";
            String cfg = "set default=1\n" + section("10_linux", entry("Debian", search, "/boot/vmlinuz-6.1"))
                    + section("30_os-prober", entry("Other", "\tsearch --no-floppy --fs-uuid --set=root " + other + "\n",
                            "/boot/vmlinuz-6.1"));
            GrubChoice.ElsewhereEntry e = assertInstanceOf(GrubChoice.ElsewhereEntry.class, resolve(cfg));
            assertFalse(e.identified());
            assertEquals("fs-uuid " + other, e.fileSystem());
            // the same UUID outside the markers is the same file system: 10_linux said which it is
            String custom = "set default=1\n" + section("10_linux", entry("Debian", search, "/boot/vmlinuz-6.1"))
                    + section("40_custom", entry("Mine", "\tsearch --no-floppy --fs-uuid --set=root " + OURS + "\n", "/k"));
            assertEquals("/k", assertInstanceOf(GrubChoice.LinuxEntry.class, resolve(custom)).kernel());
        }

        @Test
        void tenLinuxsSetRootIsThisSystemsDevice() throws Exception {
            String flat = section("10_linux", entry("Linux 3.11", "\tinsmod ext2\n\tset root='hd0,msdos1'\n",
                    "/boot/vmlinuz-3.11"));
            assertEquals("/boot/vmlinuz-3.11", assertInstanceOf(GrubChoice.LinuxEntry.class, resolve(flat)).kernel());
            // a path on that device too
            assertInstanceOf(GrubChoice.LinuxEntry.class, resolve(flat + "set default=1\n"
                    + entry("prefixed", "", "(hd0,msdos1)/boot/vmlinuz-3.11")));
            // another disk's name is not
            String other = flat + "set default=1\n" + entry("Other", "\tset root='hd1,msdos1'\n", "/boot/vmlinuz-3.11");
            GrubChoice.ElsewhereEntry e = assertInstanceOf(GrubChoice.ElsewhereEntry.class, resolve(other));
            assertEquals("device hd1,msdos1", e.fileSystem());
            assertFalse(e.identified());
        }

        @Test
        void withoutTheMarkersNothingIsTakenForThisSystems() throws Exception {
            assertFalse(assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                    resolve(entry("Debian", search, "/boot/vmlinuz-6.1"))).identified());
            // nor inside another generator's section
            assertFalse(assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                    resolve(section("30_os-prober", entry("Debian", search, "/boot/vmlinuz-6.1")))).identified());
        }

        @Test
        void aFileSystemIdentifiedAsAnotherOneStaysAnotherOne() throws Exception {
            GrubFiles notOurs = new GrubFiles() {
                @Override
                public Kind lookup(String path) {
                    return null;
                }

                @Override
                public Boolean isThisFileSystem(String how, String value) {
                    return false;
                }
            };
            GrubChoice.ElsewhereEntry e = assertInstanceOf(GrubChoice.ElsewhereEntry.class, GrubDefaultEntry.resolve(
                    section("10_linux", entry("Debian", search, "/k")).getBytes(), Map.of(), notOurs));
            assertTrue(e.identified());
        }

        @Test
        void readsTheNamesFromTheSectionOnly() {
            OwnKernelsDevice own = OwnKernelsDevice.of("search --fs-uuid --set=root before\n"
                    + section("10_linux", "  search --no-floppy --label --set=root 'BOOT'\n"
                            + "  search --no-floppy --fs-uuid --set=other " + OURS + "\n  set root=\"hd0,gpt3\"\n")
                    + "set root='hd9'\n");
            assertTrue(own.isDevice("hd0,gpt3"));
            assertFalse(own.isDevice("hd9"));
            assertFalse(own.names("fs-uuid", "before"));
            assertFalse(own.names("fs-uuid", OURS), "--set=other does not set $root");
            assertTrue(own.names("label", "BOOT"));
            assertFalse(own.names("label", "boot"), "labels are compared exactly");
        }
    }

    @Nested
    class SourceAndSearchFile {
        private GrubFiles files(Map<String, String> here, java.util.Set<String> elsewhere) {
            return new GrubFiles() {
                @Override
                public Kind lookup(String path) {
                    return here.containsKey(path) ? Kind.FILE : Kind.MISSING;
                }

                @Override
                public Kind lookupElsewhere(String path) {
                    return elsewhere.contains(path) ? Kind.FILE : Kind.MISSING;
                }

                @Override
                public byte[] read(String path, int maxBytes) throws java.io.IOException {
                    if (!here.containsKey(path)) {
                        throw new java.nio.file.NoSuchFileException(path);
                    }
                    return here.get(path).getBytes(StandardCharsets.UTF_8);
                }
            };
        }

        private GrubChoice run(String cfg, Map<String, String> here) throws GrubConfigException {
            return GrubDefaultEntry.resolve(cfg.getBytes(StandardCharsets.UTF_8), Map.of("prefix", "(hd0)/boot/grub"),
                    files(here, java.util.Set.of("/on-root")));
        }

        @Test
        void sourceRunsTheFileInThisContextAndThenNamesGrubCfgAgain() throws Exception {
            Map<String, String> here = Map.of("/boot/grub/custom.cfg",
                    "v=custom\nw=dropped; ;\nin=$config_file\nmenuentry c --id c { linux /c }\nset default=c\n");
            String cfg = "menuentry first { linux /first }\n"
                    + "if [ -f ${config_directory}/custom.cfg ]; then source ${config_directory}/custom.cfg; fi\n"
                    + "after=$config_file\nsource /missing.cfg\nmenuentry last { linux /last }\nset default=last\n"
                    + "menuentry args { linux /args $v $w $in $after $config_file }\n";
            assertEquals("c", run(cfg.replace("set default=last\n", ""), here).path());
            GrubChoice.LinuxEntry args = assertInstanceOf(GrubChoice.LinuxEntry.class,
                    run(cfg.replace("set default=last", "set default=args"), here));
            // config_file names custom.cfg while it runs, grub.cfg again after it, and nothing once grub.cfg has run
            assertEquals(List.of("custom", "(hd0)/boot/grub/custom.cfg", "(hd0)/boot/grub/grub.cfg"), args.kernelArgs());
        }

        @Test
        void sourceThatCannotBeFollowedEndsTheReadingWithOneLine() {
            String menu = "menuentry a { linux /a }\n";
            for (String[] form : new String[][] {
                {"source (memdisk)/x.cfg\n", "not a file on grub.cfg's file system"},
                {"search --set=root --fs-uuid 1234\nsource /x.cfg\n", "not a file on grub.cfg's file system"},
                {"source /self.cfg\n", "nest deeper than 8"},
            }) {
                GrubConfigException e = assertThrows(GrubConfigException.class,
                        () -> run(form[0] + menu, Map.of("/self.cfg", "source /self.cfg\n")));
                assertTrue(e.getMessage().contains(form[1]), e.getMessage());
            }
            // without a file system to read (the reader given no files), a source cannot be followed either
            assertThrows(GrubConfigException.class, () -> resolve("source /x.cfg\n" + menu));
        }

        @Test
        void configfileShowsItsOwnMenuAtOnce() throws Exception {
            Map<String, String> here = Map.of("/o.cfg", "menuentry o1 { linux /o1 $x $y $config_file }\n"
                    + "menuentry o2 --id o2 { linux /o2 $chosen }\n", "/empty.cfg", "x=from-empty\n");
            // in grub.cfg: a new context (exported x only); grub.cfg's entries before and after do not count
            GrubChoice.LinuxEntry top = assertInstanceOf(GrubChoice.LinuxEntry.class, run("x=1\ny=2\nexport x\n"
                    + "menuentry a { linux /a }\nconfigfile /missing.cfg\nconfigfile /o.cfg\nmenuentry b { linux /b }\n",
                    here));
            assertEquals("o1", top.path());
            assertEquals(List.of("1", "(hd0)/boot/grub/grub.cfg"), top.kernelArgs());
            assertTrue(top.reason().startsWith("configfile /o.cfg shows its menu; "), top.reason());
            // in the chosen entry: its menu opens as a submenu would; a file without entries returns
            GrubChoice.LinuxEntry entry = assertInstanceOf(GrubChoice.LinuxEntry.class, run(
                    "menuentry a { configfile /empty.cfg; set default=o2; export default; configfile /o.cfg; linux /a }\n",
                    here));
            assertEquals("a>o2", entry.path());
            assertEquals(List.of("a>o2"), entry.kernelArgs());
        }

        @Test
        void searchFileOnGrubCfgsFileSystemIsItsDevice() throws Exception {
            String entry = "menuentry e { search --set=root --file %s\n linux /vmlinuz }\n";
            GrubChoice here = run(String.format(entry, "/marker"), Map.of("/marker", "m"));
            assertEquals("/vmlinuz", assertInstanceOf(GrubChoice.LinuxEntry.class, here).kernel());
            // on none of this system's file systems: GRUB reads the kernel on a disk this system does not see
            GrubChoice nowhere = run(String.format(entry, "/elsewhere"), Map.of());
            assertEquals("file /elsewhere, which no file system of this system has",
                    assertInstanceOf(GrubChoice.ElsewhereEntry.class, nowhere).fileSystem());
            // on the root file system (a separate /boot): which device GRUB names is the machine's; never taken for
            // grub.cfg's
            GrubChoice.ElsewhereEntry onRoot = assertInstanceOf(GrubChoice.ElsewhereEntry.class,
                    run(String.format(entry, "/on-root"), Map.of()));
            assertEquals("file /on-root", onRoot.fileSystem());
            assertFalse(onRoot.identified());
        }
    }
}

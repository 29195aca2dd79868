package dev.stampededoctor.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TerminalDeviceTest {

    @Test
    void pipes_sockets_files_and_dev_null_are_not_terminals() {
        assertThat(TerminalDevice.classify("pipe:[48120]")).isFalse();
        assertThat(TerminalDevice.classify("socket:[9]")).isFalse();
        assertThat(TerminalDevice.classify("anon_inode:[eventfd]")).isFalse();
        assertThat(TerminalDevice.classify("/dev/null")).isFalse();
        assertThat(TerminalDevice.classify("/tmp/report.json")).isFalse();
        assertThat(TerminalDevice.classify("/tmp/report.json (deleted)")).isFalse();
    }

    @Test
    void pseudo_terminals_consoles_and_serial_lines_are_terminals() {
        assertThat(TerminalDevice.classify("/dev/pts/3")).isTrue();
        assertThat(TerminalDevice.classify("/dev/tty1")).isTrue();
        assertThat(TerminalDevice.classify("/dev/ttyS0")).isTrue();
        assertThat(TerminalDevice.classify("/dev/console")).isTrue();
    }

    @Test
    void other_devices_are_left_to_the_slower_test() {
        assertThat(TerminalDevice.classify("/dev/hvc0")).isNull();
        assertThat(TerminalDevice.classify("/dev/zero")).isNull();
        assertThat(TerminalDevice.classify("")).isNull();
    }

    @Test
    void reads_this_processs_own_descriptors() throws Exception {
        // Surefire's forked JVM talks to Maven over pipes or files, never a terminal.
        assertThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("this test needs Linux's /proc").isTrue();
        assertThat(TerminalDevice.of(1)).isFalse();
        assertThat(TerminalDevice.of(987654)).isNull();
    }
}

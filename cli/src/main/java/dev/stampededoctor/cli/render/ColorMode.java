package dev.stampededoctor.cli.render;

/** {@code --color}: when text output gets ANSI colour. */
public enum ColorMode {
    /** Only when stdout is a terminal and {@code NO_COLOR} is unset or empty. */
    auto,
    /** Always, even into a pipe and under {@code NO_COLOR}. */
    always,
    /** Never. */
    never
}

package io.cicdmanager.tui.model;

/**
 * What a piece of the screen means, not how it looks: the palette turns a tone into a colour (or into nothing
 * under NO_COLOR), so that every screen colours the same states the same way.
 */
public enum Tone {
    NORMAL, ADDED, MODIFIED, PENDING, FAILED, COMPLETED, HIGHLIGHT, MUTED, TITLE
}

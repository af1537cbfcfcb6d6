package dev.fleetscope.views.shell;

import java.util.function.Supplier;

/**
 * A navigation entry. Only sections that work are registered (by app), and each view is built
 * lazily, so start-up pays only for the first one.
 *
 * @param id stable id used on the command line, in smoke-test output and exports
 */
public record Section(String id, String title, Supplier<SectionView> factory) {}

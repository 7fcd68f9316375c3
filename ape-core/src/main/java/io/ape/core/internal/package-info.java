/**
 * Internal helpers shared by the stages of {@code ape-core}: host-name normalisation
 * ({@link io.ape.core.internal.HostNames}), globs ({@link io.ape.core.internal.Glob}), POSIX
 * path arithmetic ({@link io.ape.core.internal.PosixPaths}) and safe rendering of untrusted
 * strings ({@link io.ape.core.internal.Printable}).
 *
 * <p>This package is not API: its classes are public only so that other {@code io.ape.core}
 * packages can share them. They can change at any time without notice.
 */
package io.ape.core.internal;

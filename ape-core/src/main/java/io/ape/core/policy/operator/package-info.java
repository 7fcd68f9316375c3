/**
 * Condition operators: the built-ins of DESIGN §4 and the registry that adds custom ones.
 *
 * <p>Every operator compiles its argument once, at policy load (invalid arguments and invalid
 * regular expressions are policy errors with file, line and column); the compiled conditions
 * are immutable, thread-safe and total (they return {@code false} for values of the wrong
 * type instead of throwing).
 *
 * <p><b>Hardening.</b> {@code prefix}, {@code suffix}, {@code allowlist}, {@code denylist},
 * {@code equals}, {@code one_of}, {@code path_within} and {@code domain_in} compare values
 * exactly as given, but a value that contains a control character (Unicode Cc, including NUL,
 * TAB, CR, LF), an invisible format character (Cf: bidi overrides, zero-width characters), a
 * line or paragraph separator or an unpaired surrogate never satisfies them. {@code regex}
 * accepts TAB, CR, LF and format characters (multi-line text), but not NUL or other control
 * characters. {@code max_bytes} measures any valid string. {@code prefix}, {@code allowlist}
 * and {@code denylist} cannot judge a path that is not in normal form ({@code ..}, {@code .}
 * or empty segments, encoded separators, a backslash: {@code StringChecks.isUnnormalisedPath}).
 * {@code domain_in} accepts only URLs on whose host {@code java.net.URI}, {@code java.net.URL}
 * and WHATWG parsers agree ({@code UrlHosts}); {@code email_domain_in} only one strictly
 * parsed address ({@code EmailAddresses}); numbers compare exactly ({@code Numbers}). Values of the wrong type (a number for {@code prefix}, a numeric string for
 * {@code max}, a nested object for anything) fail with a reason that says so.
 *
 * <p><b>Globs</b> ({@code allowlist}, {@code denylist}): {@code *} matches any run of
 * characters including {@code /} and {@code .}; {@code ?} matches one character; nothing
 * else is special; matching is case-sensitive on every platform.
 *
 * <p>This package is an implementation detail of {@code io.ape.core.policy}; only
 * {@link io.ape.core.policy.operator.ConditionOperators} is public.
 */
package io.ape.core.policy.operator;

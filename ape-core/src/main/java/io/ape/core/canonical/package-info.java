/**
 * Canonical JSON and the SHA-256 digests built on it: intent versions, plan hashes and
 * parameter hashes.
 *
 * <p>Since 0.2.0 the canonical form itself is in {@code ape-api}
 * ({@link io.ape.api.CanonicalJson}, {@link io.ape.api.ParameterHash}), so that a plugin (a
 * third-party authority issuer) recomputes the engine's parameter hash with {@code ape-api}
 * alone; {@link io.ape.core.canonical.CanonicalJson} and
 * {@link io.ape.core.canonical.ApeHashes#parametersHash} delegate to it.
 *
 * <p><b>Choice of canonical form.</b> APE for Java uses the canonical form of the Python
 * original (APE 1.0.2), that is Python's
 * {@code json.dumps(obj, sort_keys=True, separators=(',', ':'))} with default options, and not
 * RFC 8785 (JCS). The reason is cross-implementation compatibility: an intent version, plan hash
 * or parameter hash computed here is byte-for-byte the one the Python implementation computes for
 * the same data, so audit records and approvals can be correlated across both. The form is:
 * <ul>
 *   <li>object keys sorted by Unicode code point (not by UTF-16 unit, which differs for
 *       characters above U+FFFF);</li>
 *   <li>no whitespace; separators {@code ,} and {@code :};</li>
 *   <li>ASCII only: every character outside {@code ' '..'~'} written as {@code \}{@code uXXXX}
 *       with lower-case hex (characters above U+FFFF as a surrogate pair), except
 *       {@code \n \r \t \b \f}; {@code "} and {@code \} escaped; {@code /} not escaped;</li>
 *   <li>{@code true}, {@code false}, {@code null}; integers written in full; floating-point
 *       numbers in Python {@code repr} form ({@code 1.0}, {@code 1e-07}, {@code 0.1},
 *       {@code 1e+16}); NaN and infinities as {@code NaN}, {@code Infinity},
 *       {@code -Infinity} (as Python writes them);</li>
 *   <li>arrays keep their order.</li>
 * </ul>
 * Java types map as follows: {@link java.lang.String}; {@link java.lang.Boolean}; {@link
 * java.lang.Integer}, {@link java.lang.Long}, {@link java.lang.Short}, {@link java.lang.Byte},
 * {@link java.math.BigInteger} as integers; {@link java.lang.Double} and {@link java.lang.Float}
 * (widened exactly to {@code double}) as floats; {@link java.math.BigDecimal} (which Python's
 * {@code json} cannot write) by its {@code toString()}; {@link java.util.Map} with
 * {@code String} keys as objects; {@link java.util.List} as arrays. Anything else, a non-string
 * key, or nesting deeper than {@link io.ape.core.canonical.CanonicalJson#MAX_DEPTH} is rejected
 * with {@link io.ape.core.canonical.CanonicalizationException}.
 *
 * <p>The digests of the APE artifacts ({@link io.ape.core.canonical.ApeHashes}) hash the same
 * dictionaries the Python original hashes ({@code Intent.to_dict()}, {@code Plan.to_dict()}),
 * plus a {@code tenant_id} key when the tenant is not {@code "default"}; the test vectors of the
 * Python original are reproduced in the tests.
 */
package io.ape.core.canonical;

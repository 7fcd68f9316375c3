/**
 * Internal implementation of the YAML and JSON policy parsers. Not an API: it can change at any
 * time. The provider classes are public only so that {@link java.util.ServiceLoader} can
 * create them.
 *
 * <p>Pipeline: {@code JacksonPolicyParser} checks the size, hashes the bytes and decodes UTF-8
 * strictly; for YAML, {@code LineLengthCheck} rejects over-long lines in one linear pass; {@code TreeReader} turns Jackson's token stream into an immutable node tree with
 * line and column on every node, enforcing the limits token by token; {@code PolicyMapper}
 * (with {@code RuleMapper} and {@code RateLimitMapper}) maps the tree onto
 * {@link io.ape.api.Policy}, collecting every problem; {@code JacksonErrors} translates library
 * exceptions.
 *
 * <p>Why a custom YAML parser subclass ({@code BoundedYamlParser}): jackson-dataformat-yaml
 * reports an alias as a string holding the anchor's name (so {@code *x} would read as
 * {@code "x"}), does not report anchors of scalars, decodes number scalars eagerly without
 * applying {@code maxNumberLength} (a one-million-digit number takes seconds), and does not
 * apply SnakeYAML's {@code maxAliasesForCollections} or {@code nestingDepthLimit}, which only
 * the SnakeYAML composer enforces. {@code STRICT_DUPLICATE_DETECTION}, {@code codePointLimit}
 * and {@code StreamReadConstraints.maxNestingDepth} do work for YAML and are set as a second
 * line of defence.
 */
package io.ape.policy.yaml.internal;

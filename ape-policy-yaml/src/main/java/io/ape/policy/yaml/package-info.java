/**
 * YAML and JSON policy files for APE: the {@code yaml} and {@code json}
 * {@link io.ape.spi.PolicyParserProvider}s (registered in {@code META-INF/services}) and the
 * {@link io.ape.policy.yaml.PolicyParsers} factory for programmatic use.
 *
 * <h2>Accepted format</h2>
 *
 * <p>One document whose top level is a mapping. Every key below is optional; any other key is
 * an error that names the key and lists the allowed ones. Both the Python original's format and
 * the seed README's format are accepted, and they may be mixed.
 *
 * <pre>{@code
 * name: filesystem_scoped              # string
 * version: "1.0.0"                     # string or number; kept as written (1.10 stays "1.10")
 * description: Scoped file access      # string
 * default_deny: true                   # true = deny, false = allow unlisted actions
 * default_decision: deny               # allow | deny | escalate (the seed README's key)
 * allowed_actions: [read_file, list_directory]
 * forbidden_actions: [delete_file]
 * escalation_required: [send_email]
 * tool_transitions:                    # tool id -> tools allowed to follow it in a plan
 *   read_file: [write_file]
 * rules:
 *   - id: tmp-writes                   # optional, unique; default "rules[N]" (N from 0)
 *     action: write_file               # required
 *     decision: allow                  # required: allow | deny | escalate
 *     description: writes under /tmp   # optional
 *     provenance: trusted              # optional: trusted | any
 *     parameters: closed               # optional: closed | open | [names admitted as well]
 *     conditions:                      # parameter -> operator -> argument
 *       path: { path_within: /tmp, max_bytes: 4096 }
 *       mode: { one_of: [append, create] }
 *       to: { each: { email_domain_in: [acme.com] }, count: { max: 10 } }
 *       cc: { absent: true }
 * combining: first_match               # first_match | deny_overrides
 * default_parameters: open             # open | closed (allow and escalate rules)
 * rate_limits:
 *   global_per_minute: 120             # whole numbers, 0 or more
 *   per_session_per_minute: 30
 *   max_cumulative_risk: 3.0           # finite number, 0 or more
 *   actions:
 *     write_file: { per_minute: 5, per_hour: 50, per_day: 200 }
 *   targets:
 *     "*.github.com": { per_minute: 10 }
 * audit:
 *   redact: [password, api_key]        # parameter keys hashed in audit records
 * metadata: { owner: platform-team }   # free-form
 * }</pre>
 *
 * <h2>Rules of validation</h2>
 *
 * <ul>
 *   <li>Without {@code default_deny} and {@code default_decision} the default is DENY. When
 *       both are given they must agree ({@code true} with {@code deny}, {@code false} with
 *       {@code allow}).
 *   <li>Action and tool ids match {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}} exactly: no
 *       whitespace, no trailing newline, no Unicode look-alikes. An id appears at most once in
 *       at most one of the three lists.
 *   <li>Every condition becomes one {@link io.ape.api.ConditionSpec} per (parameter,
 *       operator), located at the operator's key. Operator names are not checked here (the
 *       engine knows them and compiles regexes); an argument must be a value, a list of values
 *       or a mapping whose values are values or lists of values (as in
 *       {@code path_within: {base: [/srv, /tmp], resolve_symlinks: true}}), never null or
 *       nested deeper; except the argument of {@code each} and {@code any}, a mapping of
 *       operators to such arguments, in which {@code each} and {@code any} nest (at most four
 *       levels).
 *   <li>{@code parameters} is {@code closed}, {@code open} or a list of parameter names (a
 *       closed set admitting them besides those the conditions name); {@code combining} is
 *       {@code first_match} or {@code deny_overrides}; {@code default_parameters} is
 *       {@code open} or {@code closed}.
 *   <li>Types are strict: {@code default_deny: "yes"}, {@code decision: 1}, a rule written as
 *       a string, or {@code null} where a list is expected are all errors. YAML 1.1 plain
 *       scalars keep their YAML meaning ({@code yes}/{@code no}/{@code on}/{@code off} are
 *       booleans, as in the Python original).
 *   <li>Duplicate keys, more than one YAML document, YAML merge keys ({@code <<}), tags other
 *       than the core schema's ({@code !!str}, {@code !!int}, ...), binary values, non-finite
 *       numbers and text that is not UTF-8 are errors. YAML anchors and aliases are supported
 *       and expanded, within the alias limits below.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * <p>Syntax errors and limits stop parsing at once with a
 * {@link io.ape.api.PolicyParseException} or {@link io.ape.api.PolicyLimitException} (which
 * names the limit and its value). Structural problems are collected and reported together in
 * one {@link io.ape.api.PolicyValidationException}, in document order. Every error carries
 * the source name, line and column; no library exception or stack trace escapes.
 *
 * <h2>Limits</h2>
 *
 * <p>From {@link io.ape.api.PolicyLimits}: {@code maxBytes} (checked before anything is read),
 * {@code maxNestingDepth}, {@code maxAliases} (the number of YAML aliases), {@code maxRules},
 * {@code maxStringLength} (every key and scalar; in YAML also every line, which may be
 * {@code maxStringLength} + 1024 characters long, because SnakeYAML needs time quadratic in the
 * length of a line for some constructs) and {@code maxListEntries} (every list). Two fixed
 * limits complete them: a number may have at most 1000 characters ({@code maxNumberLength};
 * longer numbers would make parsing slow), and one alias may expand to at most 1000 nodes
 * ({@code maxAliasExpansion}), which stops alias bombs at the first oversized alias while memory
 * stays proportional to the input. A policy that needs very long lines (for example minified
 * JSON) can use the {@code json} format, whose parser has no such cost.
 *
 * <p>{@link io.ape.api.PolicySource#sha256()}, the policy version in every decision, is the
 * lower-case hex SHA-256 of the raw bytes.
 */
package io.ape.policy.yaml;

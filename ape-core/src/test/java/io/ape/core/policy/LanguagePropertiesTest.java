package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.core.internal.HostNames;
import io.ape.core.internal.PosixPaths;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.ratelimit.Targets;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * One property per class of attack of issue 12 (the number of tries is on each). Each says, for
 * every generated input, what the attack needed to be false.
 */
class LanguagePropertiesTest {
  // ---------------------------------------------------------------- URLs

  private static final Set<String> ALLOWED_HOSTS = Set.of("api.github.com", "127.0.0.1",
      "xn--bcher-kva.example");
  private static final PolicyEngine HOSTS = LanguageAttacksTest.engine("""
      rules:
        - action: http_get
          decision: allow
          conditions:
            url: { domain_in: [api.github.com, "*.githubusercontent.com", bücher.example, 127.0.0.1] }
      """);
  private static final PolicyEngine NO_EVIL = LanguageAttacksTest.engine("""
      rules:
        - action: http_get
          decision: deny
          conditions:
            url: { domain_in: [evil.com] }
        - action: http_get
          decision: allow
      """);

  private static boolean isAllowedHost(String host) {
    return host != null && (ALLOWED_HOSTS.contains(host) || host.endsWith(".githubusercontent.com"));
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> scheme = Arbitraries.of("", "https://", "http://", "HTTPS://", "//", "ftp://",
        "git+ssh://", "https:", "https:/", "https:\\\\", "ws://", "file://", "1http://");
    Arbitrary<String> user = Arbitraries.of("", "", "user@", "user:pw@", "api.github.com@",
        "evil.com@", "a@b@", "@", "u%40x@", "u!x@", "us er@", "evil.com\\@", "évil@");
    Arbitrary<String> host = Arbitraries.of("api.github.com", "evil.com", "API.GITHUB.COM",
        "api.github.com.", "api.github.com.evil.com", "raw.githubusercontent.com",
        "githubusercontent.com", "bücher.example", "BÜCHER.example", "127.0.0.1", "0x7f.1",
        "127.1", "0177.0.0.1", "[::1]", "api.github.com%2e", "xn--bcher-kva.example",
        "api\u3002github\u3002com", "a_b.example", "", "evil.com\\.api.github.com");
    Arbitrary<String> middle = Arbitraries.of("", "", "", "\\", "\\@evil.com", "#@evil.com",
        "?@evil.com", "%40evil.com", " ", "\\\\@evil.com", ".evil.com", "@evil.com", "/@evil.com");
    Arbitrary<String> port = Arbitraries.of("", "", ":443", ":99999", ":", ":abc", ":0", ":8080");
    Arbitrary<String> tail = Arbitraries.of("", "/", "/repos", "/a b", "/x?y=1#z", "\\@evil.com/",
        "#a#b", "/[x]", "/%2e%2e/", "?q=http://evil.com", "/é", "/<x>");
    return Combinators.combine(scheme, user, host, middle, port, tail)
        .as((s, u, h, m, p, t) -> s + u + h + m + p + t);
  }

  /** The scheme-qualified form a JDK parser needs: bare hosts and {@code //...} get http. */
  private static String absolute(String value, boolean httpScheme) {
    if (value.startsWith("//")) {
      return "http:" + value;
    }
    int sep = value.indexOf("://");
    if (sep > 0 && value.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return httpScheme ? "http" + value.substring(sep) : value;
    }
    return "http://" + value;
  }

  private static String normalized(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    HostNames.Parsed parsed = HostNames.normalize(host);
    return parsed.ok() ? parsed.host() : null;
  }

  /**
   * java.net.URI's host; for an internationalised name (which URI, without RFC 3987, reads as
   * a registry-based authority) the authority without user information and port.
   */
  static String uriHost(String value) {
    try {
      URI uri = new URI(absolute(value, false));
      if (uri.getHost() != null) {
        return normalized(uri.getHost());
      }
      String authority = uri.getRawAuthority();
      if (authority == null || authority.chars().allMatch(c -> c < 0x80)) {
        return null;
      }
      String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = hostPort.lastIndexOf(':');
      return normalized(colon >= 0 ? hostPort.substring(0, colon) : hostPort);
    } catch (Exception e) {
      return null;
    }
  }

  /** java.net.URL's host (read as an http URL whatever the scheme: URL's generic parser). */
  @SuppressWarnings("deprecation")
  static String urlHost(String value) {
    try {
      return normalized(new URL(absolute(value, true)).getHost());
    } catch (Exception e) {
      return null;
    }
  }

  /** The class: an ALLOW only when URI, URL and the WHATWG-style reading agree on an allowed host. */
  @Property(tries = 5000)
  void domainInAllowsOnlyWhenUriUrlAndWhatwgReadTheSameAllowedHost(@ForAll("urls") String url) {
    Decision d = HOSTS.evaluate("http_get", Map.of("url", url));
    Statistics.label("url").collect(d.outcome());
    Statistics.label("url").coverage(c -> c.check(Outcome.ALLOW).count(n -> n >= 50));
    if (!d.isAllowed()) {
      return;
    }
    assertThat(url).doesNotContain("\\").doesNotContainAnyWhitespaces();
    String byUri = uriHost(url);
    String byUrl = urlHost(url);
    assertThat(isAllowedHost(byUri)).as("URI reads %s as %s", url, byUri).isTrue();
    assertThat(isAllowedHost(byUrl)).as("URL reads %s as %s", url, byUrl).isTrue();
    assertThat(byUri).as(url).isEqualTo(byUrl);
  }

  /** The class, for deny rules: any parser that reads the denied host gets a DENY. */
  @Property(tries = 5000)
  void aDomainDenyRuleCatchesEveryUrlSomeParserReadsAsTheDeniedHost(@ForAll("urls") String url) {
    HostNames.Parsed whatwg = HostNames.hostOf(url.replace('\\', '/'));
    boolean evil = "evil.com".equals(uriHost(url)) || "evil.com".equals(urlHost(url))
        || (whatwg.ok() && whatwg.host().equals("evil.com"));
    if (evil) {
      assertThat(NO_EVIL.evaluate("http_get", Map.of("url", url)).outcome()).as(url)
          .isEqualTo(Outcome.DENY);
    }
  }

  // ---------------------------------------------------------------- unnormalised paths

  private static final PolicyEngine ETC_PREFIX = LanguageAttacksTest.engine("""
      rules:
        - action: read_file
          decision: deny
          conditions:
            path: { prefix: [/etc/, /etc] }
        - action: read_file
          decision: allow
      """);
  private static final PolicyEngine ETC_ALLOWLIST = LanguageAttacksTest.engine("""
      rules:
        - action: read_file
          decision: deny
          conditions:
            path: { allowlist: ["/etc/*", /etc] }
        - action: read_file
          decision: allow
      """);
  private static final PolicyEngine ETC_DENYLIST = LanguageAttacksTest.engine("""
      rules:
        - action: read_file
          decision: allow
          conditions:
            path: { denylist: ["/etc/*", /etc] }
      """);

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> lead = Arbitraries.of("/", "//", "///", "/./", "\\", "/\\");
    Arbitrary<String> segment = Arbitraries.of("etc", "passwd", "srv", "a", ".", "..", "",
        "%2e%2e", "%2e", "etc.d", "%2E%2E");
    Arbitrary<String> separator = Arbitraries.of("/", "/", "\\", "//", "%2f");
    Arbitrary<String> trail = Arbitraries.of("", "", "/", "/.", "/..", "\\");
    return Combinators.combine(lead, segment.list().ofMinSize(1).ofMaxSize(6),
        separator.list().ofSize(6), trail).as((l, segs, seps, t) -> {
          StringBuilder sb = new StringBuilder(l);
          for (int i = 0; i < segs.size(); i++) {
            sb.append(i == 0 ? "" : seps.get(i)).append(segs.get(i));
          }
          return sb.append(t).toString();
        });
  }

  /** The ways a tool may read a path: POSIX, with backslashes as separators, percent-decoded. */
  static List<String> readings(String path) {
    List<String> out = new ArrayList<>();
    for (String p : List.of(path, path.replace('\\', '/'))) {
      out.add(p);
      out.add(p.replace("%2e", ".").replace("%2E", ".").replace("%2f", "/").replace("%2F", "/"));
    }
    return out;
  }

  static boolean normalisesInto(String path, String directory) {
    for (String reading : readings(path)) {
      if (!reading.startsWith("/")) {
        continue;
      }
      String normal = PosixPaths.normalize(reading);
      if (normal.equals(directory) || normal.startsWith(directory + "/")) {
        return true;
      }
    }
    return false;
  }

  /** The class: no path that any tool would read as inside a denied directory is allowed. */
  @Property(tries = 3000)
  void noPathThatNormalisesIntoADeniedDirectoryIsAllowed(@ForAll("paths") String path) {
    Statistics.label("into /etc").collect(normalisesInto(path, "/etc"));
    Statistics.label("into /etc").coverage(c -> c.check(true).count(n -> n >= 100));
    if (!normalisesInto(path, "/etc")) {
      return;
    }
    for (PolicyEngine engine : List.of(ETC_PREFIX, ETC_ALLOWLIST, ETC_DENYLIST)) {
      assertThat(engine.evaluate("read_file", Map.of("path", path)).outcome()).as(path)
          .isNotEqualTo(Outcome.ALLOW);
    }
  }

  // ---------------------------------------------------------------- path_within with symlinks

  private static final Path FIXTURE = symlinkFixture();
  private static final Path BASE = FIXTURE.resolve("base");
  private static final PolicyEngine RESOLVING = LanguageAttacksTest.engine("""
      rules:
        - action: read_file
          decision: allow
          conditions:
            path:
              path_within: { base: [%s], resolve_symlinks: true }
      """.formatted(BASE));

  /** base/{dir/file.txt, file.txt, link -> ../outside, dirlink -> dir, dir/up -> ../..}. */
  private static Path symlinkFixture() {
    try {
      Path root = Files.createTempDirectory("ape-symlinks").toRealPath();
      Path base = Files.createDirectories(root.resolve("base"));
      Path dir = Files.createDirectories(base.resolve("dir"));
      Path outside = Files.createDirectories(root.resolve("outside"));
      Files.writeString(dir.resolve("file.txt"), "in");
      Files.writeString(base.resolve("file.txt"), "in");
      Files.writeString(outside.resolve("secret"), "out");
      Files.createSymbolicLink(base.resolve("link"), Path.of("../outside"));
      Files.createSymbolicLink(base.resolve("dirlink"), Path.of("dir"));
      Files.createSymbolicLink(dir.resolve("up"), Path.of("../.."));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
      return root;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory; nothing to do
    }
  }

  @Provide
  Arbitrary<String> linkPaths() {
    return Arbitraries.of("dir", "file.txt", "link", "dirlink", "up", "missing", "secret", ".",
        "..", "").list().ofMinSize(1).ofMaxSize(6).map(s -> BASE + "/" + String.join("/", s));
  }

  /** Whether the file the OS would open for {@code path} (or create there) lies in the base. */
  private static boolean opensWithinBase(String path) throws IOException {
    Path real = BASE.toRealPath();
    Path p = Path.of(path);
    if (Files.exists(p)) {
      return p.toRealPath().startsWith(real);
    }
    Path parent = p.getParent();
    return parent == null || !Files.exists(parent) || parent.toRealPath().startsWith(real);
  }

  /**
   * The class: with resolve_symlinks, an ALLOW only for a path the OS opens inside the base,
   * whether the tool opens it as given or normalises it as text first.
   */
  @Property(tries = 1000)
  void pathWithinResolvingLinksAllowsOnlyWhatOpensInsideTheBase(@ForAll("linkPaths") String path)
      throws IOException {
    boolean allowed = RESOLVING.evaluate("read_file", Map.of("path", path)).isAllowed();
    Statistics.label("allowed").collect(allowed);
    Statistics.label("allowed").coverage(c -> c.check(true).count(n -> n >= 20));
    if (!allowed) {
      return;
    }
    assertThat(opensWithinBase(path)).as("as given: %s", path).isTrue();
    assertThat(opensWithinBase(PosixPaths.normalize(path))).as("normalised: %s", path).isTrue();
  }

  // ---------------------------------------------------------------- numbers

  @Provide
  Arbitrary<BigDecimal> decimals() {
    return Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000))
        .ofScale(20).map(BigDecimal::stripTrailingZeros)
        .edgeCases(c -> c.add(new BigDecimal("100.00000000000000001"), new BigDecimal("100")));
  }

  @Provide
  Arbitrary<BigDecimal> bounds() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-1000, 1000).map(BigDecimal::valueOf),
        Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000))
            .ofScale(3));
  }

  /** Every JDK form of a value, with the exact decimal each stands for. */
  private static Map<Object, BigDecimal> forms(BigDecimal value) {
    Map<Object, BigDecimal> out = new LinkedHashMap<>();
    out.put(value, value);
    double d = value.doubleValue();
    out.put(d, BigDecimal.valueOf(d));
    if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
      out.put(value.longValueExact(), value);
      out.put(value.intValueExact(), value);
      out.put(value.toBigIntegerExact(), value);
    }
    return out;
  }

  /** The class: max, min and equals compare the exact value, whatever its Java type. */
  @Property(tries = 3000)
  void numericConditionsCompareExactly(@ForAll("decimals") BigDecimal value,
      @ForAll("bounds") BigDecimal bound) {
    PolicyEngine max = TestPolicy.named("max").rule("r", "pay", Outcome.ALLOW,
        TestPolicy.cond("amount", "max", bound)).engine();
    PolicyEngine min = TestPolicy.named("min").rule("r", "pay", Outcome.ALLOW,
        TestPolicy.cond("amount", "min", bound)).engine();
    PolicyEngine equals = TestPolicy.named("eq").rule("r", "pay", Outcome.ALLOW,
        TestPolicy.cond("amount", "equals", bound)).engine();
    PolicyEngine oneOf = TestPolicy.named("one").rule("r", "pay", Outcome.ALLOW,
        TestPolicy.cond("amount", "one_of", List.of(bound, BigDecimal.valueOf(5000)))).engine();
    forms(value).forEach((form, exact) -> {
      Map<String, Object> params = Map.of("amount", form);
      int c = exact.compareTo(bound);
      String what = form.getClass().getSimpleName() + " " + form + " vs " + bound;
      assertThat(max.evaluate("pay", params).isAllowed()).as("max: " + what).isEqualTo(c <= 0);
      assertThat(min.evaluate("pay", params).isAllowed()).as("min: " + what).isEqualTo(c >= 0);
      assertThat(equals.evaluate("pay", params).isAllowed()).as("equals: " + what)
          .isEqualTo(c == 0);
      assertThat(oneOf.evaluate("pay", params).isAllowed()).as("one_of: " + what)
          .isEqualTo(c == 0 || exact.compareTo(BigDecimal.valueOf(5000)) == 0);
    });
  }

  // ---------------------------------------------------------------- closed parameter sets

  private static final PolicyEngine CLOSED = LanguageAttacksTest.engine("""
      rules:
        - action: send_email
          decision: allow
          parameters: [subject, body]
          conditions:
            to: { each: { email_domain_in: [acme.com] } }
      """);
  private static final PolicyEngine CLOSED_BY_DEFAULT = LanguageAttacksTest.engine("""
      default_parameters: closed
      rules:
        - action: send_email
          decision: allow
          parameters: [subject, body]
          conditions:
            to: { each: { email_domain_in: [acme.com] } }
      """);

  @Provide
  Arbitrary<Map<String, Object>> emailParameters() {
    Arbitrary<String> key = Arbitraries.of("to", "cc", "bcc", "subject", "body", "reply_to",
        "attachments", "To");
    Arbitrary<Object> value = Arbitraries.of(List.of("a@acme.com"), List.of("e@evil.com"),
        "x", List.of(), 3);
    return Arbitraries.maps(key, value).ofMaxSize(6).map(m -> new HashMap<>(m));
  }

  /** The class: a closed rule never allows a parameter it does not admit. */
  @Property(tries = 2000)
  void aClosedRuleAllowsNoParameterItDoesNotAdmit(@ForAll("emailParameters") Map<String, Object> p) {
    for (PolicyEngine engine : List.of(CLOSED, CLOSED_BY_DEFAULT)) {
      if (engine.evaluate("send_email", p).isAllowed()) {
        assertThat(Set.of("to", "subject", "body")).containsAll(p.keySet());
      }
    }
  }

  // ---------------------------------------------------------------- lists, e-mail

  private static final PolicyEngine EACH = LanguageAttacksTest.engine("""
      rules:
        - action: send_email
          decision: allow
          conditions:
            to: { each: { email_domain_in: [acme.com, "*.acme.com"] } }
      """);
  private static final PolicyEngine NO_EVIL_RECIPIENT = LanguageAttacksTest.engine("""
      rules:
        - action: send_email
          decision: deny
          conditions:
            to: { any: { email_domain_in: [evil.com] } }
        - action: send_email
          decision: allow
      """);
  private static final List<Object> GOOD = List.of("a@acme.com", "b@sub.acme.com", "C@ACME.COM");
  private static final List<Object> EVIL = List.of("e@evil.com", "x@EVIL.com");

  @Provide
  Arbitrary<List<Object>> recipients() {
    return Arbitraries.of("a@acme.com", "b@sub.acme.com", "C@ACME.COM", "e@evil.com",
        "x@EVIL.com", "bad", "", "e@evil.com@acme.com", "acme.com", "5", "null", "list")
        .map(s -> s.equals("5") ? (Object) 5 : s.equals("null") ? null
            : s.equals("list") ? (Object) List.of("a@acme.com") : s)
        .list().ofMaxSize(5);
  }

  /** The class: each holds exactly when every element holds; any-deny catches every element. */
  @Property(tries = 2000)
  void listQuantifiersJudgeEveryElement(@ForAll("recipients") List<Object> to) {
    Map<String, Object> params = new HashMap<>();
    params.put("to", new ArrayList<>(to));
    boolean allGood = to.stream().allMatch(e -> e != null && GOOD.contains(e));
    assertThat(EACH.evaluate("send_email", params).isAllowed()).as("each %s", to)
        .isEqualTo(allGood);
    boolean someEvil = to.stream().anyMatch(e -> e != null && EVIL.contains(e));
    boolean someUnreadable = to.stream()
        .anyMatch(e -> e == null || (!GOOD.contains(e) && !EVIL.contains(e)));
    assertThat(NO_EVIL_RECIPIENT.evaluate("send_email", params).outcome()).as("any %s", to)
        .isEqualTo(someEvil || someUnreadable ? Outcome.DENY : Outcome.ALLOW);
  }

  private static final PolicyEngine EMAIL = LanguageAttacksTest.engine("""
      rules:
        - action: send_email
          decision: allow
          conditions:
            to: { email_domain_in: [acme.com, "*.acme.com"] }
      """);

  @Provide
  Arbitrary<String> addresses() {
    Arbitrary<String> local = Arbitraries.of("bob", "a.b", "", "\"q\"", "e(c)", "x%evil.com",
        "x!y", "a..b", ".a", "\u00e9", "b+tag", "<b", "a b", "\\b", "@evil.com:b");
    Arbitrary<String> at = Arbitraries.of("@", "@", "@@", "", " @");
    Arbitrary<String> domain = Arbitraries.of("acme.com", "ACME.com", "evil.com", "sub.acme.com",
        "acme.com.evil.com", "[1.2.3.4]", "acme.com.", "acme", "evil.com@acme.com", "",
        "acme.com>", "acme.com,evil.com", "1.2.3.4", "xn--acme.com", "acme\u3002com");
    return Combinators.combine(local, at, domain).as((l, a, d) -> l + a + d);
  }

  /** The class: an address is allowed only with one '@', a plain local part and the domain. */
  @Property(tries = 3000)
  void emailDomainInAllowsOnlyPlainAddressesInTheDomain(@ForAll("addresses") String address) {
    boolean allowed = EMAIL.evaluate("send_email", Map.of("to", address)).isAllowed();
    Statistics.label("allowed").collect(allowed);
    Statistics.label("allowed").coverage(c -> c.check(true).count(n -> n >= 20));
    if (!allowed) {
      return;
    }
    assertThat(address.chars().filter(c -> c == '@').count()).as(address).isEqualTo(1);
    String local = address.substring(0, address.indexOf('@'));
    assertThat(local).as(address).isNotEmpty().doesNotContainAnyWhitespaces();
    for (String bad : List.of("\"", "(", ")", "<", ">", ",", ";", ":", "[", "]", "\\", "%", "!")) {
      assertThat(local).as(address).doesNotContain(bad);
    }
    String domain = normalized(address.substring(address.indexOf('@') + 1));
    assertThat(domain).as(address).isNotNull()
        .satisfiesAnyOf(h -> assertThat(h).isEqualTo("acme.com"),
            h -> assertThat(h).endsWith(".acme.com"));
  }

  // ---------------------------------------------------------------- per-parameter provenance

  private static final PolicyEngine MONEY = LanguageAttacksTest.engine("""
      rules:
        - action: send_money
          decision: allow
          conditions:
            recipient: { provenance: trusted, one_of: [alice, bob] }
            amount: { max: 100 }
      """);

  @Provide
  Arbitrary<Provenance> labels() {
    return Arbitraries.of(Provenance.class).injectNull(0.1);
  }

  /** The class: the recipient must be trusted, whatever the other labels say. */
  @Property(tries = 2000)
  void aParameterThatMustBeTrustedIsNeverTakenFromAnUntrustedSource(
      @ForAll("labels") Provenance recipient, @ForAll("labels") Provenance amount,
      @ForAll("labels") Provenance byDefault, @ForAll boolean labelRecipient,
      @ForAll boolean labelAmount) {
    Map<String, Provenance> labels = new HashMap<>();
    if (labelRecipient) {
      labels.put("recipient", recipient);
    }
    if (labelAmount) {
      labels.put("amount", amount);
    }
    RequestContext context = new RequestContext("default", "", byDefault, Map.of(), labels);
    Decision d = MONEY.evaluate("send_money", Map.of("recipient", "alice", "amount", 50), context);
    boolean recipientTrusted = Provenance.isTrusted(context.provenanceOf("recipient"));
    assertThat(d.isAllowed()).as("%s", context).isEqualTo(recipientTrusted);
  }

  // ---------------------------------------------------------------- context values

  private static final PolicyEngine TENANT_DIRS = LanguageAttacksTest.engine("""
      rules:
        - action: read_file
          decision: allow
          conditions:
            path: { path_within: "/srv/${tenant}" }
      """);

  @Provide
  Arbitrary<String> tenants() {
    return Arbitraries.oneOf(Arbitraries.of("acme", "globex", ".", "..", "a/b", "*", "",
        "../etc", "acme/..", "a.b", "a+b", "x@y", "ü", "a\u0000b"),
        Arbitraries.strings().withChars("ab./*-_@").ofMaxLength(6));
  }

  /** The class: a context value never widens a condition beyond its own directory. */
  @Property(tries = 2000)
  void aContextValueNeverWidensAPathCondition(@ForAll("tenants") String tenant,
      @ForAll("tenants") String other) {
    String path = "/srv/" + other + "/file";
    Decision d = TENANT_DIRS.evaluate("read_file", Map.of("path", path),
        RequestContext.untrusted().withTenant(tenant));
    if (d.isAllowed()) {
      assertThat(tenant).matches("[A-Za-z0-9_@.+-]{1,128}").isNotIn(".", "..");
      assertThat(PosixPaths.isWithin(PosixPaths.normalize(path), "/srv/" + tenant)).isTrue();
    }
  }

  // ---------------------------------------------------------------- combining

  private static final List<String> RULES = List.of("""
        - id: secrets
          action: read_file
          decision: deny
          conditions:
            path: { path_within: /srv/secret }
      """, """
        - id: ask
          action: read_file
          decision: escalate
          conditions:
            path: { path_within: /srv/ask }
      """, """
        - id: srv
          action: read_file
          decision: allow
          conditions:
            path: { path_within: /srv }
      """);

  /** The class: under deny_overrides the order of the rules never changes a decision. */
  @Property(tries = 300)
  void underDenyOverridesTheOrderOfRulesDoesNotMatter(@ForAll("orders") List<Integer> order) {
    StringBuilder yaml = new StringBuilder("combining: deny_overrides\nrules:\n");
    order.forEach(i -> yaml.append(RULES.get(i)));
    PolicyEngine engine = LanguageAttacksTest.engine(yaml.toString());
    Map<String, Outcome> expected = Map.of("/srv/secret/k", Outcome.DENY, "/srv/ask/y",
        Outcome.ESCALATE, "/srv/z", Outcome.ALLOW, "/etc/x", Outcome.DENY,
        "/srv/ask/../secret/k", Outcome.DENY);
    expected.forEach((path, outcome) -> assertThat(engine.evaluate("read_file",
        Map.of("path", path)).outcome()).as("%s with %s", path, order).isEqualTo(outcome));
  }

  @Provide
  Arbitrary<List<Integer>> orders() {
    return Arbitraries.shuffle(0, 1, 2);
  }

  // ---------------------------------------------------------------- rate-limit targets

  @Provide
  Arbitrary<List<String>> addressLists() {
    return Arbitraries.of("a@acme.com", "e@evil.com", "x@EVIL.COM", "b@sub.evil.com", "")
        .list().ofMaxSize(4);
  }

  /** The class: every recipient of every list is a target, and a zero limit refuses it. */
  @Property(tries = 1000)
  void everyRecipientIsATargetAndCountsAgainstItsLimit(@ForAll("addressLists") List<String> to,
      @ForAll("addressLists") List<String> cc, @ForAll("addressLists") List<String> bcc) {
    Map<String, Object> params = Map.of("to", to, "cc", cc, "bcc", bcc, "subject", "hi");
    List<String> expected = new ArrayList<>();
    for (List<String> l : List.of(to, cc, bcc)) {
      l.stream().filter(s -> !s.isEmpty()).forEach(expected::add);
    }
    assertThat(Targets.of(params)).containsExactlyElementsOf(expected);
    RateLimiter limiter = RateLimiter.builder().clock(Clock.systemUTC())
        .targetLimit("evil.com", 0, Duration.ofMinutes(1)).build();
    limiter.openSession("s");
    boolean toEvil = expected.stream().anyMatch(s -> s.toLowerCase(Locale.ROOT)
        .endsWith("@evil.com"));
    if (toEvil) {
      assertThatThrownBy(() -> limiter.reserve("s", "send_email", Targets.of(params), 0.1))
          .isInstanceOf(RateLimitExceededException.class);
    } else {
      limiter.reserve("s", "send_email", Targets.of(params), 0.1);
    }
  }

  // ---------------------------------------------------------------- lazy reasons

  private static final PolicyEngine MANY_RULES = LanguageAttacksTest.engine("""
      rules:
        - id: never-etc
          action: write_file
          decision: deny
          conditions:
            path: { prefix: /etc/ }
        - id: tmp
          action: write_file
          decision: allow
          parameters: closed
          conditions:
            path: { path_within: /tmp }
            content: { max_bytes: 8 }
        - id: ask
          action: write_file
          decision: escalate
          conditions:
            path: { path_within: /home }
            mode: { one_of: [append] }
      """);

  @Provide
  Arbitrary<Map<String, Object>> writes() {
    Arbitrary<String> key = Arbitraries.of("path", "content", "mode", "extra");
    Arbitrary<Object> value = Arbitraries.of("/tmp/a", "/etc/x", "/home/b", "/var/x", "append",
        "truncate", "0123456789", "x", 7, List.of("/tmp/a"));
    return Arbitraries.maps(key, value).ofMaxSize(4).map(m -> new HashMap<>(m));
  }

  /** The class: a reason rendered lazily is the one the evaluation explains, on every read. */
  @Property(tries = 1000)
  void aLazilyRenderedReasonIsTheReasonOfTheDecision(@ForAll("writes") Map<String, Object> p) {
    Decision lazy = MANY_RULES.evaluate("write_file", p);
    Decision explained = MANY_RULES.explain("write_file", p).decision();
    assertThat(lazy).isEqualTo(explained);
    assertThat(lazy.reason()).isEqualTo(explained.reason()).isSameAs(lazy.reason());
    assertThat(lazy.failedConditions()).isEqualTo(explained.failedConditions());
    assertThat(lazy.toString()).contains(lazy.reason());
  }
}

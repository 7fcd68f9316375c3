package io.ape.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration README.md's "Running several instances" gives works as written: its
 * {@code properties} block is read as the engine's configuration file, and only what points at
 * the team's own servers is replaced by the test servers — the Redis and PostgreSQL addresses
 * (plain instead of TLS), the secret files (files of the test's own) and the database user. The
 * Redis is one of the test's own with an ACL user {@code ape} and the default user disabled, so
 * {@code ape.redis.username} and {@code ape.redis.password-file} are really used. Every other
 * key and value is the README's: the engine accepts them, and a guarded call runs with its
 * state in Redis and its audit in PostgreSQL and in the JSON-lines file.
 */
class SeveralInstancesReadmeTest {
  private static final Pattern PROPERTIES = Pattern.compile("```properties\\n(.*?)```",
      Pattern.DOTALL);

  @TempDir
  Path dir;

  @Test
  void theSectionsConfigurationRunsAGuardedCallOnRedisAndPostgres() throws Exception {
    String pgUrl = Servers.postgresUrl();
    String password = "pw-" + UUID.randomUUID();
    try (RedisServer redis = RedisServer.launch("--user", "ape", "on", ">" + password, "~*",
        "&*", "+@all", "--user", "default", "off")) {
      Properties file = readmeConfiguration();
      Path configuration = dir.resolve("ape.properties");
      Files.writeString(configuration, block());
      String schema = "readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      try (Connection c = connect(pgUrl); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      Map<String, String> servers = new HashMap<>();
      servers.put("ape.redis.uri", redis.uri() + "/0");
      servers.put("ape.redis.password-file", secret("redis-password", password));
      servers.put("ape.audit.jdbc.url", pgUrl + (pgUrl.contains("?") ? "&" : "?")
          + "currentSchema=" + schema);
      servers.put("ape.audit.jdbc.user", user());
      servers.put("ape.audit.jdbc.password-file", secret("db-password", "unused-trust-auth"));
      byte[] hmac = new byte[32];
      new SecureRandom().nextBytes(hmac);
      servers.put("ape.audit.jdbc.hmac-key-file", Files.write(dir.resolve("hmac"), hmac)
          .toString());
      Path jsonl = dir.resolve("audit.jsonl");
      servers.put("ape.audit.jsonl.path", jsonl.toString());
      assertThat(file.stringPropertyNames()).as("the README's keys that point at servers")
          .containsAll(servers.keySet());
      Path policy = Files.writeString(dir.resolve("policy.yaml"), """
          name: replicas
          version: "1"
          default_decision: deny
          allowed_actions: [read_file]
          """);

      // every value of the README as written (its 300 ms timeout included) is accepted
      ApeEngine.builder().policyFile(policy).configurationFile(configuration)
          .configuration(servers).build().close();

      // and a call runs (with a longer timeout: this machine is shared)
      Map<String, String> patient = new HashMap<>(servers);
      patient.put("ape.redis.timeout", "5s");
      try (ApeEngine engine = ApeEngine.builder().policyFile(policy)
          .configurationFile(configuration).configuration(patient).build()) {
        assertThat(engine.sharedState().describe()).contains("redis");
        engine.registerTool("read_file", p -> "contents");
        AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
        assertThat(session.call("read_file", Map.of("path", "/w/a")).executed()).isTrue();
        session.close();
      }
      assertThat(Files.size(jsonl)).isPositive();
      try (Connection c = connect(patient.get("ape.audit.jdbc.url"));
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM ape_audit_record WHERE writer_id = '"
              + file.getProperty("ape.audit.jdbc.writer-id") + "'")) {
        r.next();
        assertThat(r.getLong(1)).isPositive();
      }
      assertThat(keysOf(redis, password, file.getProperty("ape.redis.prefix"))).isPositive();
    }
  }

  private String secret(String name, String value) throws IOException {
    return Files.writeString(dir.resolve(name), value, StandardCharsets.UTF_8).toString();
  }

  private static Properties readmeConfiguration() throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(block()));
    return p;
  }

  /** The section's one {@code properties} block. */
  static String block() throws IOException {
    Matcher m = PROPERTIES.matcher(section());
    assertThat(m.find()).as("a properties block in the section").isTrue();
    String block = m.group(1);
    assertThat(m.find()).as("only one properties block in the section").isFalse();
    return block;
  }

  static String section() throws IOException {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path readme = d.resolve("README.md");
      if (Files.isRegularFile(readme) && Files.isDirectory(d.resolve("ape-instances-tests"))) {
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Running several instances\n");
        assertThat(start).as("README.md has the section").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
      }
    }
    throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
  }

  private static String user() {
    String user = System.getenv("APETEST_PG_USER");
    return user == null || user.isBlank() ? "ape" : user;
  }

  private static Connection connect(String url) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", user());
    return DriverManager.getConnection(url, p);
  }

  private static long keysOf(RedisServer redis, String password, String prefix) {
    RedisURI uri = RedisURI.builder(RedisURI.create(redis.uri()))
        .withAuthentication("ape", password).build();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> keys = c.sync().keys("*" + prefix + "*");
      return keys.size();
    } finally {
      client.shutdown();
    }
  }
}

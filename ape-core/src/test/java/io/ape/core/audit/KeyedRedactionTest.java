package io.ape.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEventType;
import io.ape.api.AuditSettings;
import io.ape.core.canonical.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Redacted audit values are keyed: a dictionary cannot reverse them from the log alone. */
class KeyedRedactionTest {
  private static final AuditSettings PASSWORDS = new AuditSettings(List.of("password"));

  private static Object recordedPassword(AuditLog log, InMemoryAuditSink sink, String password) {
    log.record(log.event(AuditEventType.DECISION).parameters(Map.of("password", password)));
    List<io.ape.api.AuditEvent> events = sink.events();
    return events.get(events.size() - 1).parameters().get("password");
  }

  @Test
  void aShortPasswordIsNotRecoveredFromTheLogWithADictionary() {
    InMemoryAuditSink sink = new InMemoryAuditSink(8);
    AuditLog log = AuditLog.builder().sink(sink).redaction(PASSWORDS).build();
    Object redacted = recordedPassword(log, sink, "hunter2");
    // The attacker reads the log and hashes a dictionary the way an unkeyed log would.
    Map<String, String> dictionary = new HashMap<>();
    for (String guess : List.of("123456", "password", "hunter2", "letmein", "qwerty")) {
      dictionary.put("sha256:" + Sha256.ofCanonical(guess), guess);
      dictionary.put(Sha256.ofCanonical(guess), guess);
      dictionary.put(KeyedRedaction.PREFIX + Sha256.ofCanonical(guess), guess);
    }
    assertThat(dictionary).doesNotContainKey(String.valueOf(redacted));
    assertThat(String.valueOf(redacted)).startsWith(KeyedRedaction.PREFIX).doesNotContain("hunter2");
  }

  @Test
  void equalValuesCorrelateWithinALogButNotAcrossLogs() {
    InMemoryAuditSink sink = new InMemoryAuditSink(8);
    AuditLog log = AuditLog.builder().sink(sink).redaction(PASSWORDS).build();
    InMemoryAuditSink otherSink = new InMemoryAuditSink(8);
    AuditLog other = AuditLog.builder().sink(otherSink).redaction(PASSWORDS).build();
    Object first = recordedPassword(log, sink, "s3cret");
    assertThat(recordedPassword(log, sink, "s3cret")).isEqualTo(first);
    assertThat(recordedPassword(log, sink, "s3cret!")).isNotEqualTo(first);
    assertThat(recordedPassword(other, otherSink, "s3cret")).isNotEqualTo(first);
  }

  @Test
  void aKeyDerivedFromTheSameSecretCorrelatesAcrossProcessesAndIsNotTheSecret() {
    byte[] secret = "the audit hmac key file, 32 byte".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] derived = KeyedRedaction.keyDerivedFrom(secret);
    assertThat(derived).isNotEqualTo(secret).isEqualTo(KeyedRedaction.keyDerivedFrom(secret));
    InMemoryAuditSink a = new InMemoryAuditSink(8);
    InMemoryAuditSink b = new InMemoryAuditSink(8);
    Object one = recordedPassword(AuditLog.builder().sink(a).redaction(PASSWORDS)
        .redactionKey(derived).build(), a, "pw");
    Object two = recordedPassword(AuditLog.builder().sink(b).redaction(PASSWORDS)
        .redactionKey(KeyedRedaction.keyDerivedFrom(secret)).build(), b, "pw");
    assertThat(one).isEqualTo(two);
    assertThat(KeyedRedaction.of(PASSWORDS, derived).toString()).doesNotContain("pw");
  }

  /** The class: no redacted value can be computed from the value alone (without the key). */
  @Property(tries = 1000)
  void aRedactedValueIsNeitherTheValueNorAnyUnkeyedHashOfIt(
      @ForAll @StringLength(max = 24) String secret) {
    KeyedRedaction redaction = KeyedRedaction.of(PASSWORDS, KeyedRedaction.newKey());
    Map<String, Object> out = redaction.redact(Map.of("Password", secret, "user", "bob"));
    String redacted = (String) out.get("Password");
    List<String> unkeyed = new ArrayList<>();
    unkeyed.add(Sha256.ofCanonical(secret));
    unkeyed.add(Sha256.hex(secret));
    assertThat(redacted).startsWith(KeyedRedaction.PREFIX).hasSize(KeyedRedaction.PREFIX.length() + 64);
    for (String hash : unkeyed) {
      assertThat(redacted).doesNotContain(hash);
    }
    assertThat(out.get("user")).isEqualTo("bob");
    assertThat(redaction.redact(Map.of("Password", secret))).containsEntry("Password", redacted);
  }
}

package io.ape.testkit.sample;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SessionStore;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A shared state in memory behind one lock: the simplest store that passes the contract. */
public class SampleSharedState implements SharedState {
  private final Clock clock;
  protected final Map<String, List<Instant>> windows = new HashMap<>();
  protected final Map<String, Double> totals = new HashMap<>();
  private final Map<String, Instant> approvalClaims = new HashMap<>();
  private final Map<String, Instant> tokenClaims = new HashMap<>();
  private final Map<String, Long> epochs = new HashMap<>();
  private final Map<String, SessionRecord> sessions = new HashMap<>();

  public SampleSharedState(Clock clock) {
    this.clock = clock;
  }

  protected static String windowKey(WindowCharge c) {
    return c.key() + "\u0000" + c.window() + "\u0000" + c.max();
  }

  protected int count(WindowCharge c, Instant now) {
    int n = 0;
    for (Instant t : windows.getOrDefault(windowKey(c), List.of())) {
      if (t.isAfter(now.minus(c.window())) && !t.isAfter(now)) {
        n++;
      }
    }
    return n;
  }

  /** Records every charge; called only once every check passed (overridden by broken stores). */
  protected void record(List<WindowCharge> ws, List<BudgetCharge> bs, Instant now) {
    for (WindowCharge c : ws) {
      windows.computeIfAbsent(windowKey(c), k -> new ArrayList<>()).add(now);
    }
    for (BudgetCharge b : bs) {
      totals.merge(b.key(), b.amount(), Double::sum);
    }
  }

  private final LimitLedger limits = new LimitLedger() {
    @Override
    public LimitVerdict reserve(List<WindowCharge> ws, List<BudgetCharge> bs, Instant now) {
      synchronized (SampleSharedState.this) {
        for (WindowCharge c : ws) {
          if (count(c, now) + 1 > c.max()) {
            Instant oldest = windows.getOrDefault(windowKey(c), List.of()).stream()
                .filter(t -> t.isAfter(now.minus(c.window()))).min(Instant::compareTo)
                .orElse(null);
            return LimitVerdict.refuse(c.key(), c.max(),
                oldest == null ? Instant.MAX : oldest.plus(c.window()));
          }
        }
        for (BudgetCharge b : bs) {
          if (totals.getOrDefault(b.key(), 0.0) + b.amount() > b.max()) {
            return LimitVerdict.refuse(b.key(), Math.floor(b.max()), Instant.MAX);
          }
        }
        record(ws, bs, now);
        return LimitVerdict.admit();
      }
    }

    @Override
    public double total(String budgetKey) {
      synchronized (SampleSharedState.this) {
        return totals.getOrDefault(budgetKey, 0.0);
      }
    }

    @Override
    public int used(WindowCharge window, Instant now) {
      synchronized (SampleSharedState.this) {
        return count(window, now);
      }
    }
  };

  private OnceLedger once(Map<String, Instant> claims) {
    return (key, expiresAt) -> {
      synchronized (SampleSharedState.this) {
        Instant held = claims.get(key);
        if (held != null && held.isAfter(clock.instant())) {
          return false;
        }
        claims.put(key, expiresAt.isAfter(clock.instant()) ? expiresAt : Instant.MAX);
        return true;
      }
    };
  }

  private final RevocationRegistry revocations = new RevocationRegistry() {
    private long bump(String k) {
      synchronized (SampleSharedState.this) {
        return epochs.merge(k, 1L, Long::sum);
      }
    }

    @Override public long revokeAll() { return bump("g"); }
    @Override public long revokeTenant(String tenant) { return bump("t:" + tenant); }
    @Override public long revokeSession(String session) { return bump("s:" + session); }

    @Override
    public RevocationEpochs epochs(String tenant, String session) {
      synchronized (SampleSharedState.this) {
        return new RevocationEpochs(epochs.getOrDefault("g", 0L),
            epochs.getOrDefault("t:" + tenant, 0L), epochs.getOrDefault("s:" + session, 0L));
      }
    }
  };

  private final SessionStore sessionStore = new SessionStore() {
    @Override
    public void create(SessionRecord session) {
      synchronized (SampleSharedState.this) {
        if (sessions.putIfAbsent(session.sessionId(), session) != null) {
          throw new IllegalStateException("exists");
        }
      }
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
      synchronized (SampleSharedState.this) {
        return Optional.ofNullable(sessions.get(sessionId));
      }
    }

    @Override
    public boolean end(String sessionId, SessionRecord.Status status) {
      if (status == SessionRecord.Status.ACTIVE) {
        throw new IllegalArgumentException("ACTIVE is not an end");
      }
      synchronized (SampleSharedState.this) {
        SessionRecord r = sessions.get(sessionId);
        if (r == null || r.status() != SessionRecord.Status.ACTIVE) {
          return false;
        }
        sessions.put(sessionId, new SessionRecord(r.sessionId(), r.tenantId(), r.userId(),
            r.createdAt(), r.expiresAt(), status));
        return true;
      }
    }
  };

  private final OnceLedger approvals = once(approvalClaims);
  private final OnceLedger tokens = once(tokenClaims);

  @Override public LimitLedger limits() { return limits; }
  @Override public SessionStore sessions() { return sessionStore; }
  @Override public RevocationRegistry revocations() { return revocations; }
  @Override public OnceLedger approvals() { return approvals; }
  @Override public OnceLedger tokens() { return tokens; }
  @Override public String describe() { return "sample (one lock, this JVM)"; }
  @Override public void close() {}
}

package io.ape.core.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import io.ape.api.TokenBinding;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.spi.EscalationResolverProvider;
import io.ape.spi.ProviderContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EscalationHandlerTest {
  private final Map<String, Object> params = Map.of("env", "prod");
  private final EscalationRequest request = new EscalationRequest("esc-1",
      new Decision(Outcome.ESCALATE, "deploy", "needs approval", "r1", List.of(), Sha256.hex("p"),
          DecisionSource.RULE),
      new TokenBinding("t", "s", Sha256.hex("i"), Sha256.hex("pl"), 0, "deploy", "deploy",
          ApeHashes.parametersHash(params)), params, Instant.EPOCH);

  private EscalationOutcome resolve(io.ape.spi.EscalationResolver resolver, Duration timeout) {
    try (EscalationHandler h = new EscalationHandler(resolver, timeout)) {
      return h.resolve(request);
    }
  }

  @Test
  void aTrustedApprovalOfTheRequestedParametersIsAccepted() {
    EscalationOutcome o = resolve(r -> EscalationResolution.approve(r, "alice", Provenance.USER_TRUSTED),
        Duration.ofSeconds(5));
    assertThat(o.approved()).isTrue();
    assertThat(o.denialKind()).isEmpty();
    assertThat(o.reason()).contains("alice").contains("USER_TRUSTED");
  }

  @Test
  void everyOtherEndIsADenialWithItsOwnKindAndReason() {
    assertThat(resolve(r -> EscalationResolution.deny(r, "bob", "not today"), Duration.ofSeconds(5)))
        .satisfies(o -> {
          assertThat(o.denial()).isEqualTo(EscalationDenial.DENIED_BY_RESOLVER);
          assertThat(o.reason()).contains("denied by bob: not today");
        });
    assertThat(resolve(r -> null, Duration.ofSeconds(5)).denial()).isEqualTo(EscalationDenial.NO_ANSWER);
    assertThat(resolve(r -> {
      throw new java.io.IOException("approval service down");
    }, Duration.ofSeconds(5))).satisfies(o -> {
      assertThat(o.denial()).isEqualTo(EscalationDenial.RESOLVER_FAILED);
      assertThat(o.reason()).contains("approval service down");
    });
    assertThat(resolve(r -> EscalationResolution.approve(r, "doc", Provenance.EXTERNAL_UNTRUSTED),
        Duration.ofSeconds(5)).denial()).isEqualTo(EscalationDenial.UNTRUSTED_CHANNEL);
    assertThat(resolve(r -> new EscalationResolution(true, "x", null, r.parametersHash(), ""),
        Duration.ofSeconds(5)).denial()).isEqualTo(EscalationDenial.UNTRUSTED_CHANNEL);
    assertThat(resolve(r -> new EscalationResolution(true, "x", Provenance.USER_TRUSTED,
        Sha256.hex("other"), ""), Duration.ofSeconds(5)).denial())
        .isEqualTo(EscalationDenial.PARAMETERS_MISMATCH);
    try (EscalationHandler none = EscalationHandler.withoutResolver()) {
      assertThat(none.resolve(request)).satisfies(o -> {
        assertThat(o.denial()).isEqualTo(EscalationDenial.NO_RESOLVER);
        assertThat(o.reason()).contains("no escalation resolver is configured");
      });
    }
    try (EscalationHandler denyAll = EscalationHandler.denyAll()) {
      assertThat(denyAll.resolve(request).denial()).isEqualTo(EscalationDenial.DENIED_BY_RESOLVER);
    }
  }

  @Test
  void aResolverThatDoesNotAnswerInTimeIsCancelledAndDenied() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    EscalationOutcome o = resolve(r -> {
      try {
        never.await();
        return EscalationResolution.approve(r, "late", Provenance.USER_TRUSTED);
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    }, Duration.ofMillis(50));
    assertThat(o.denial()).isEqualTo(EscalationDenial.TIMED_OUT);
    assertThat(o.reason()).contains("did not answer within PT0.05S");
    interrupted.await();
    assertThat(interrupted.getCount()).isZero();
  }

  @Test
  void atMostEightResolutionsRunAtOnceAcrossSharingHandlersAndAFreedSlotServesTheNext()
      throws Exception {
    int max = EscalationHandler.MAX_CONCURRENT_RESOLUTIONS;
    CountDownLatch entered = new CountDownLatch(max);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService callers = Executors.newFixedThreadPool(max);
    try (EscalationHandler h = new EscalationHandler(r -> {
      entered.countDown();
      release.await();
      return EscalationResolution.approve(r, "alice", Provenance.USER_TRUSTED);
    }, Duration.ofSeconds(30))) {
      EscalationHandler sharing = h.sharingThreads(
          r -> EscalationResolution.approve(r, "bob", Provenance.USER_TRUSTED));
      List<Future<EscalationOutcome>> running = new java.util.ArrayList<>();
      for (int i = 0; i < max; i++) {
        running.add(callers.submit(() -> h.resolve(request)));
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      EscalationOutcome ninth = h.resolve(request);
      assertThat(ninth.denial()).isEqualTo(EscalationDenial.RESOLVER_FAILED);
      assertThat(ninth.reason()).contains(max + " resolutions already running");
      assertThat(sharing.resolve(request).denial()).as("the bound is shared")
          .isEqualTo(EscalationDenial.RESOLVER_FAILED);

      release.countDown();
      for (Future<EscalationOutcome> f : running) {
        assertThat(f.get(10, TimeUnit.SECONDS).approved()).isTrue();
      }
      assertThat(sharing.resolve(request).approved()).as("slots are freed").isTrue();
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void eightCallersResolvingBackToBackAreNeverRefusedForCapacity() throws Exception {
    int max = EscalationHandler.MAX_CONCURRENT_RESOLUTIONS;
    AtomicInteger refused = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(max);
    try (EscalationHandler h = new EscalationHandler(
        r -> EscalationResolution.approve(r, "alice", Provenance.USER_TRUSTED),
        Duration.ofSeconds(30))) {
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int t = 0; t < max; t++) {
        all.add(callers.submit(() -> {
          for (int i = 0; i < 300; i++) {
            if (!h.resolve(request).approved()) {
              refused.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    // a thread that has just finished a resolution is not yet back in the pool: the bound must
    // count resolutions, not busy threads, or such callers would be refused below the bound
    assertThat(refused.get()).isZero();
  }

  @Test
  void aClosedHandlerDenies() {
    EscalationHandler h = new EscalationHandler(r -> EscalationResolution.approve(r, "a",
        Provenance.USER_TRUSTED), Duration.ofSeconds(1));
    h.close();
    assertThat(h.resolve(request).denial()).isEqualTo(EscalationDenial.RESOLVER_FAILED);
    assertThatThrownBy(() -> new EscalationHandler(null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void denyAllIsTheDiscoverableDefaultProvider() throws Exception {
    EscalationResolverProvider p = ServiceLoader.load(EscalationResolverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(x -> x.id().equals("deny-all")).findFirst().orElseThrow();
    EscalationResolution r = p.create(ProviderContext.defaults()).resolve(request);
    assertThat(r.approved()).isFalse();
    assertThat(r.approver()).isEqualTo(DenyAllEscalationResolver.APPROVER);
  }
}

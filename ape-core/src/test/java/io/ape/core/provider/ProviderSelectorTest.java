package io.ape.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AmbiguousProviderException;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ProviderException;
import io.ape.api.ProviderNotFoundException;
import io.ape.core.provider.fixtures.IssuerProviders;
import io.ape.core.provider.fixtures.SinkProviders;
import io.ape.spi.ApeProvider;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.AuthorityIssuerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every selection case, discovered through real {@code META-INF/services} files (one fixture
 * directory per case, see {@link Fixtures}).
 */
class ProviderSelectorTest {
  private static final ProviderSpec<AuthorityIssuerProvider> ISSUERS = ProviderSpec
      .of(AuthorityIssuerProvider.class, "ape.authority.issuer", "io.ape:ape-core")
      .withReservedId("in-memory", "io.ape.core.authority.InMemoryAuthorityIssuerProvider")
      .withArtifact("hmac", "io.ape:ape-authority-hmac");
  private static final ProviderSpec<AuditSinkProvider> SINKS = ProviderSpec
      .of(AuditSinkProvider.class, "ape.audit.sinks", "io.ape:ape-audit");
  private static final String LOCATION = Fixtures.locationOf(IssuerProviders.Alpha.class);

  private static ProviderSelector selector(String fixture) {
    return new ProviderSelector(Fixtures.providerLoader(fixture), Map.of());
  }

  private static ProviderSelector selector(String fixture, String key, String value) {
    return new ProviderSelector(Fixtures.providerLoader(fixture), Map.of(key, value));
  }

  @Nested
  class SingleValued {
    @Test
    void anExplicitInstanceWinsWithoutLookingAtTheClassPath() {
      IssuerProviders.Beta explicit = new IssuerProviders.Beta();
      // "missing-class" would fail discovery: the explicit instance means nothing is discovered.
      assertThat(selector("missing-class").selectOne(ISSUERS, explicit)).isSameAs(explicit);
      assertThat(selector("tie").selectOne(ISSUERS, explicit)).isSameAs(explicit);
    }

    @Test
    void aConfiguredIdWinsOverPriority() {
      AuthorityIssuerProvider chosen =
          selector("priority", "ape.authority.issuer", "alpha").selectOne(ISSUERS, null);
      assertThat(chosen).isInstanceOf(IssuerProviders.Alpha.class);
    }

    @Test
    void aConfiguredIdResolvesATie() {
      assertThat(selector("tie", "ape.authority.issuer", " beta ").selectOne(ISSUERS, null))
          .isInstanceOf(IssuerProviders.Beta.class);
    }

    @Test
    void aConfiguredIdThatIsNotFoundNamesTheArtifactToAdd() {
      assertThatThrownBy(() -> selector("single", "ape.authority.issuer", "hmac")
          .selectOne(ISSUERS, null))
          .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
            assertThat(e.spi()).isEqualTo("io.ape.spi.AuthorityIssuerProvider");
            assertThat(e.requestedId()).isEqualTo("hmac");
          })
          .hasMessage("ape.authority.issuer is set to \"hmac\" but no"
              + " io.ape.spi.AuthorityIssuerProvider with that id was found on the class path"
              + " (it is provided by io.ape:ape-authority-hmac); found: alpha ("
              + IssuerProviders.Alpha.class.getName() + ", " + LOCATION + "), priority 0."
              + " Add io.ape:ape-authority-hmac as a dependency.");
    }

    @Test
    void aConfiguredIdIsAnErrorEvenForAnOptionalSpi() {
      assertThatThrownBy(() -> selector("none", "ape.authority.issuer", "hmac")
          .selectOptional(ISSUERS, null))
          .isInstanceOf(ProviderNotFoundException.class)
          .hasMessageContaining("found: none");
    }

    @Test
    void aBlankConfiguredIdIsAConfigurationError() {
      assertThatThrownBy(() -> selector("single", "ape.authority.issuer", "  ")
          .selectOne(ISSUERS, null))
          .isInstanceOf(ApeConfigurationException.class)
          .hasMessageContaining("ape.authority.issuer is set to an empty value");
    }

    @Test
    void theSingleProviderFoundIsUsed() {
      assertThat(selector("single").selectOne(ISSUERS, null))
          .isInstanceOf(IssuerProviders.Alpha.class);
    }

    @Test
    void theHighestPriorityWins() {
      assertThat(selector("priority").selectOne(ISSUERS, null))
          .isInstanceOf(IssuerProviders.Gamma.class);
    }

    @Test
    void aTieIsAnErrorListingEachCandidatesIdClassAndLocation() {
      assertThatThrownBy(() -> selector("tie").selectOne(ISSUERS, null))
          .isInstanceOfSatisfying(AmbiguousProviderException.class, e -> {
            assertThat(e.spi()).isEqualTo(AuthorityIssuerProvider.class.getName());
            assertThat(e.candidates()).containsExactly(
                "alpha (" + IssuerProviders.Alpha.class.getName() + ", " + LOCATION + "), priority 0",
                "beta (" + IssuerProviders.Beta.class.getName() + ", " + LOCATION + "), priority 0");
          })
          .hasMessageContaining("2 providers of io.ape.spi.AuthorityIssuerProvider share the"
              + " highest priority 0")
          .hasMessageContaining("ape.authority.issuer=<id>");
    }

    @Test
    void eligibilityNarrowsTheCandidatesBeforeATieIsJudged() {
      AuthorityIssuerProvider chosen = selector("tie").selectOne(ISSUERS, null,
          p -> p.id().equals("beta"), "for beta things");
      assertThat(chosen).isInstanceOf(IssuerProviders.Beta.class);
    }

    @Test
    void noEligibleProviderNamesTheEligibilityAndTheCandidatesSeen() {
      assertThatThrownBy(() -> selector("tie").selectOne(ISSUERS, null, p -> false,
          "for '.toml' files"))
          .isInstanceOf(ProviderNotFoundException.class)
          .hasMessageStartingWith("No io.ape.spi.AuthorityIssuerProvider for '.toml' files was"
              + " found on the class path; found: alpha (")
          .hasMessageEndingWith("Add io.ape:ape-core as a dependency, or pass an instance to the"
              + " builder.");
    }

    @Test
    void noProviderForARequiredSpiIsAnErrorNamingTheArtifact() {
      assertThatThrownBy(() -> selector("none").selectOne(ISSUERS, null))
          .isInstanceOf(ProviderNotFoundException.class)
          .hasMessage("No io.ape.spi.AuthorityIssuerProvider was found on the class path;"
              + " found: none. Add io.ape:ape-core as a dependency, or pass an instance to the"
              + " builder.");
    }

    @Test
    void noProviderForAnOptionalSpiIsEmpty() {
      assertThat(selector("none").selectOptional(ISSUERS, null)).isEmpty();
    }

    @Test
    void aDuplicateIdIsAnErrorEvenWhenPrioritiesDiffer() {
      assertThatThrownBy(() -> selector("duplicate-id").selectOne(ISSUERS, null))
          .isInstanceOfSatisfying(AmbiguousProviderException.class,
              e -> assertThat(e.candidates()).hasSize(2))
          .hasMessageContaining("Duplicate provider id 'alpha'")
          .hasMessageContaining(IssuerProviders.Alpha.class.getName())
          .hasMessageContaining(IssuerProviders.AlphaImpostor.class.getName());
    }

    @Test
    void aDuplicateIdIsAnErrorEvenWhenAnotherIdIsConfigured() {
      assertThatThrownBy(() -> selector("duplicate-id", "ape.authority.issuer", "alpha")
          .selectOne(ISSUERS, null))
          .isInstanceOf(AmbiguousProviderException.class);
    }

    @Test
    void aThirdPartyClassCannotClaimAReservedBuiltInId() {
      assertThatThrownBy(() -> selector("reserved-id").selectOne(ISSUERS, null))
          .isInstanceOf(ApeConfigurationException.class)
          .hasMessageContaining("Provider id 'in-memory' of io.ape.spi.AuthorityIssuerProvider is"
              + " reserved for the built-in io.ape.core.authority.InMemoryAuthorityIssuerProvider")
          .hasMessageContaining(IssuerProviders.InMemoryImpostor.class.getName());
    }

    @Test
    void anInvalidIdIsAProviderErrorNamingTheClass() {
      assertThatThrownBy(() -> selector("bad-id").selectOne(ISSUERS, null))
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.providerId())
              .isEqualTo(IssuerProviders.BadId.class.getName()))
          .hasMessageContaining("has an invalid id 'Bad Id'");
    }

    @Test
    void anIdMethodThatThrowsIsAProviderErrorNamingTheClass() {
      assertThatThrownBy(() -> selector("throwing-id").selectOne(ISSUERS, null))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining(IssuerProviders.ThrowingId.class.getName())
          .hasMessageContaining("no id today");
    }
  }

  @Nested
  class BrokenRegistrations {
    @Test
    void aMissingClassIsAProviderErrorNamingIt() {
      assertThatThrownBy(() -> selector("missing-class").selectOne(ISSUERS, null))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("com.example.DoesNotExist")
          .hasMessageContaining("META-INF/services/io.ape.spi.AuthorityIssuerProvider");
    }

    @Test
    void aConstructorThatThrowsIsAProviderErrorNamingTheClass() {
      assertThatThrownBy(() -> selector("throwing-constructor").selectOne(ISSUERS, null))
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.providerId())
              .isEqualTo(IssuerProviders.ThrowingConstructor.class.getName()))
          .hasMessageContaining("could not be instantiated")
          .hasMessageContaining("cannot start: missing configuration");
    }

    @Test
    void aClassThatDoesNotImplementTheSpiIsAProviderErrorNamingIt() {
      assertThatThrownBy(() -> selector("not-a-provider").selectOne(ISSUERS, null))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining(IssuerProviders.NotAProvider.class.getName());
    }

    @Test
    void brokenRegistrationsAreNeverSkippedForOptionalSpisEither() {
      assertThatThrownBy(() -> selector("missing-class").selectOptional(ISSUERS, null))
          .isInstanceOf(ProviderException.class);
    }
  }

  @Nested
  class MultiValued {
    @Test
    void availableProvidersAreSortedByPriorityThenId() {
      List<AuditSinkProvider> sinks = selector("multi").available(SINKS);
      assertThat(sinks).extracting(ApeProvider::id).containsExactly("z-sink", "a-sink", "b-sink");
    }

    @Test
    void duplicateIdsAreRejected() {
      assertThatThrownBy(() -> selector("multi-duplicate").available(SINKS))
          .isInstanceOf(AmbiguousProviderException.class)
          .hasMessageContaining("Duplicate provider id 'a-sink'");
    }

    @Test
    void configurationEnablesProvidersByIdInPriorityOrder() {
      List<AuditSinkProvider> enabled =
          selector("multi", "ape.audit.sinks", "b-sink, z-sink").enabled(SINKS);
      assertThat(enabled).extracting(ApeProvider::id).containsExactly("z-sink", "b-sink");
    }

    @Test
    void nothingIsEnabledWithoutConfiguration() {
      assertThat(selector("multi").enabled(SINKS)).isEmpty();
    }

    @Test
    void enablingAnUnknownIdIsAnError() {
      assertThatThrownBy(() -> selector("multi", "ape.audit.sinks", "a-sink,jsonl").enabled(SINKS))
          .isInstanceOfSatisfying(ProviderNotFoundException.class,
              e -> assertThat(e.requestedId()).isEqualTo("jsonl"))
          .hasMessageContaining("ape.audit.sinks = \"a-sink,jsonl\" names \"jsonl\" but no");
    }

    @Test
    void malformedListsAreConfigurationErrors() {
      assertThatThrownBy(() -> selector("multi", "ape.audit.sinks", "a-sink,,b-sink").enabled(SINKS))
          .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("empty entry");
      assertThatThrownBy(() -> selector("multi", "ape.audit.sinks", "a-sink,a-sink").enabled(SINKS))
          .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("twice");
    }
  }

  @Nested
  class Loaders {
    @Test
    void fromInstancesOffersOnlyInstancesOfTheRequestedSpi() {
      ProviderLoader loader = ProviderLoader.fromInstances(
          List.of(new IssuerProviders.Alpha(), new SinkProviders.A()));
      assertThat(loader.load(AuthorityIssuerProvider.class)).singleElement()
          .isInstanceOf(IssuerProviders.Alpha.class);
      assertThat(new ProviderSelector(loader, Map.of()).selectOne(ISSUERS, null))
          .isInstanceOf(IssuerProviders.Alpha.class);
    }

    @Test
    void theServiceLoaderSeesOnlyTheFixtureServiceFiles() {
      assertThat(Fixtures.providerLoader("priority").load(AuthorityIssuerProvider.class))
          .extracting(ApeProvider::id).containsExactlyInAnyOrder("alpha", "beta", "gamma");
      assertThat(Fixtures.providerLoader("none").load(AuthorityIssuerProvider.class)).isEmpty();
    }

    @Test
    void aLoaderReturningNullIsAProviderError() {
      ProviderLoader broken = new ProviderLoader() {
        @Override
        public <T extends ApeProvider> List<T> load(Class<T> spi) {
          return null;
        }
      };
      assertThatThrownBy(() -> new ProviderSelector(broken, Map.of()).selectOne(ISSUERS, null))
          .isInstanceOf(ProviderException.class).hasMessageContaining("returned null");
    }
  }
}

package io.ape.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The allocation-free containment check answers exactly as normalising first does. */
class PosixPathsPropertiesTest {
  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("srv", "data", "a", ".", "..", "", "srvx", "...", "d.").list()
        .ofMaxSize(7).map(s -> "/" + String.join("/", s));
  }

  @Provide
  Arbitrary<String> bases() {
    return Arbitraries.of("/", "/srv", "/srv/data", "/a", "/srv/data/a", "/srvx");
  }

  @Property(tries = 5000)
  void isWithinNormalizedIsIsWithinOfTheNormalForm(@ForAll("paths") String path,
      @ForAll("bases") String base) {
    assertThat(PosixPaths.isWithinNormalized(path, base)).as("%s in %s", path, base)
        .isEqualTo(PosixPaths.isWithin(PosixPaths.normalize(path), base));
  }
}

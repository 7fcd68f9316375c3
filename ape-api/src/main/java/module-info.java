/**
 * The public API ({@code io.ape.api}) and the service-provider interfaces ({@code io.ape.spi},
 * {@code io.ape.spi.state}) of APE. Depends on nothing but {@code java.base}.
 *
 * @since 0.2.0
 */
module io.ape.api {
  exports io.ape.api;
  exports io.ape.spi;
  exports io.ape.spi.state;
}

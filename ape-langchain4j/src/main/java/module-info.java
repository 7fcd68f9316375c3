/**
 * The APE adapter for LangChain4j ({@code io.ape.langchain4j}), and its
 * {@link io.ape.spi.ToolAdapterProvider}. The {@code internal} package is not exported.
 *
 * @since 0.2.0
 */
module io.ape.langchain4j {
  requires transitive io.ape.api;
  requires transitive io.ape.core;
  requires transitive langchain4j.core;
  requires transitive langchain4j;
  requires org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;

  exports io.ape.langchain4j;

  provides io.ape.spi.ToolAdapterProvider
      with io.ape.langchain4j.internal.LangChain4jToolAdapterProvider;
}

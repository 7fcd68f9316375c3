package io.ape.spi;

/**
 * Provides an external {@link PolicyEvaluator}; none is built in.
 *
 * @since 0.1.0
 */
public interface PolicyEvaluatorProvider extends ApeProvider {
  /** Creates the evaluator. */
  PolicyEvaluator create(ProviderContext context);
}

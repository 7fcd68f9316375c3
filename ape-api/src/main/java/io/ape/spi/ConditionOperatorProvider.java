package io.ape.spi;

/**
 * Provides a custom {@link ConditionOperator}. The provider's {@link #id()} must equal the
 * operator's name; built-in operator names are reserved and cannot be replaced.
 *
 * @since 0.1.0
 */
public interface ConditionOperatorProvider extends ApeProvider {
  /** Creates the operator. */
  ConditionOperator create(ProviderContext context);
}

package io.ape.spi;

/**
 * Provides a custom {@link ConditionOperator}. The provider's {@link #id()} must equal the
 * operator's name; built-in operator names are reserved and cannot be replaced.
 */
public interface ConditionOperatorProvider extends ApeProvider {
  /** Creates the operator. */
  ConditionOperator create(ProviderContext context);
}

/**
 * ape-core's providers run the contract suites of ape-testkit, each found the way the engine
 * finds it (ServiceLoader, by id), so that a plugin author's suite and ours are the same.
 */
package io.ape.core.contracts;

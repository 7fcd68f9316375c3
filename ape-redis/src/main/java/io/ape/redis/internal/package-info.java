/** Implementation of ape-redis; not an API, may change at any time. */
package io.ape.redis.internal;

/**
 * Internal implementation of ape-audit: the record serializer and parser, the log writer,
 * tail recovery and the ServiceLoader providers. Not API: it can change at any time.
 */
package io.ape.audit.internal;

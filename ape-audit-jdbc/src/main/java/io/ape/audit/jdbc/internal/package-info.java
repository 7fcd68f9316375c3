/** Implementation of ape-audit-jdbc; not an API, may change at any time. */
package io.ape.audit.jdbc.internal;

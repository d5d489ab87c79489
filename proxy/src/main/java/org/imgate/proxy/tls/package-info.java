/** The enterprise CA, per-domain leaf certificates, and the TLS contexts of both proxy legs (SunJSSE). */
package org.imgate.proxy.tls;

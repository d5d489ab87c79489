/** Test doubles shared by the protocol tests. */
package org.imgate.proxy.testing;

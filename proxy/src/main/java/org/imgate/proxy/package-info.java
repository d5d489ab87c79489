/** Protocol interception: MINA listeners and, per protocol, codec, mapper, enforcer and transport. */
package org.imgate.proxy;

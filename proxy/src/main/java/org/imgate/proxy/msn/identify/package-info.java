/** Identification of MSN clients (family, version, OS) from VER, CVR, CHG, QRY and client caps, with spoof checks. */
package org.imgate.proxy.msn.identify;

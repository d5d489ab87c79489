/** The MIME payload of MSNP {@code MSG} commands: IMs, typing, invitations, MSNSLP/P2P, client caps. */
package org.imgate.proxy.msn.message;

/** eDiscovery exports of archived messages (EML, mbox, CPIM, JSON lines) with a manifest of hashes and provenance. */
package org.imgate.archive.export;

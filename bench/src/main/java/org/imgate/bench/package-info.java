/** imgate bench. */
package org.imgate.bench;

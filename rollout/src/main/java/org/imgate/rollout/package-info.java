/** imgate rollout. */
package org.imgate.rollout;

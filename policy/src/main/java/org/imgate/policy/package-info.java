/** Policy: rules, the policy engine and the compliance gate (evaluate, archive, answer; fail-closed). */
package org.imgate.policy;

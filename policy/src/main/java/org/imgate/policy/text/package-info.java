/** Text matching for policy: Unicode-aware tokens, whole-word and phrase lookup independent of the number of keywords. */
package org.imgate.policy.text;

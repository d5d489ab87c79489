/** Policy rules: the rule kinds a policy file can name, their scopes and actions, and the compiled rules the engine runs. */
package org.imgate.policy.rule;

/** Binding YAML files to immutable records, with errors that name file, line and key path. */
package org.imgate.policy.yaml;

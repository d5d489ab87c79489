package org.imgate.policy;

import org.imgate.policy.yaml.YamlValueException;

/**
 * Texts imgate itself shows users, the {@code notices:} section of a policy file. Keys left out get
 * the defaults below.
 *
 * @param archiveUnavailable shown with a block when the archive could not record a message and the
 *                           failure mode is closed
 * @param policyError        shown with a block when the policy could not be evaluated
 */
public record Notices(String archiveUnavailable, String policyError) {
    public static final String DEFAULT_ARCHIVE_UNAVAILABLE =
            "Message not delivered: the compliance archive is unavailable. Please try again later.";
    public static final String DEFAULT_POLICY_ERROR =
            "Message not delivered: the compliance policy could not be applied. Please contact IT.";

    public Notices {
        archiveUnavailable = orDefault(archiveUnavailable, DEFAULT_ARCHIVE_UNAVAILABLE, "archive-unavailable");
        policyError = orDefault(policyError, DEFAULT_POLICY_ERROR, "policy-error");
    }

    public static Notices defaults() {
        return new Notices(null, null);
    }

    private static String orDefault(String text, String fallback, String key) {
        if (text == null) {
            return fallback;
        }
        if (text.isBlank()) {
            throw new YamlValueException(key, "notice is empty; leave the key out for the default");
        }
        return text.strip();
    }
}

"""Customer intake (issue #5 §5): the public support form and status page, the email mailbox, mailed replies."""

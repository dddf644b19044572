"""Calendar feeds, invitations and busy-time imports."""

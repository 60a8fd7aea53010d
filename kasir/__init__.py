"""kasir — offline-first bookkeeping for Indonesian village cooperatives."""

__version__ = "0.1.0"

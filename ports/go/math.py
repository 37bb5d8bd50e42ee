"""Go's math constants that the ports use."""

MaxUint8 = (1 << 8) - 1
MaxUint64 = (1 << 64) - 1
MaxInt64 = (1 << 63) - 1
MinInt64 = -(1 << 63)

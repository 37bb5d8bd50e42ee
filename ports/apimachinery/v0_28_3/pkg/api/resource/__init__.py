"""k8s.io/apimachinery@v0.28.3 pkg/api/resource (package resource)."""

from ports.apimachinery.v0_28_3.pkg.api.resource.amount import (
    Exa,
    Giga,
    Kilo,
    Mega,
    Micro,
    Milli,
    Nano,
    Peta,
    Tera,
)
from ports.apimachinery.v0_28_3.pkg.api.resource.quantity import (
    BinarySI,
    DecimalExponent,
    DecimalSI,
    MustParse,
    NewMilliQuantity,
    NewQuantity,
    NewScaledQuantity,
    ParseQuantity,
    Quantity,
)

__all__ = [
    "BinarySI",
    "DecimalExponent",
    "DecimalSI",
    "Exa",
    "Giga",
    "Kilo",
    "Mega",
    "Micro",
    "Milli",
    "MustParse",
    "Nano",
    "NewMilliQuantity",
    "NewQuantity",
    "NewScaledQuantity",
    "ParseQuantity",
    "Peta",
    "Quantity",
    "Tera",
]

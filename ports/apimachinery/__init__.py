"""k8s.io/apimachinery ports: resource.Quantity, as far as metrics-server and kubectl top use it.

Only the Quantity arithmetic and canonical formatting are ported (NewQuantity,
NewScaledQuantity, Value/MilliValue/ScaledValue, Add, Cmp, IsZero, String); parsing
(ParseQuantity) is limited to what kubectl top needs ("0").
"""

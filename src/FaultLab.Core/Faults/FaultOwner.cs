namespace FaultLab.Faults;

/// <summary>Who a fault belongs to: the world (hotel Wi-Fi, ISP; the trainee cannot change it) or the customer (a misconfiguration the trainee may fix).</summary>
public enum FaultOwner
{
    World,
    Customer,
}

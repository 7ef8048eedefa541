using System.Net;
using System.Net.Sockets;

namespace NewsMesh.Webhooks.Domain;

/// <summary>
/// Addresses a subscription may not reach unless the deployment allows it: loopback, private (RFC 1918, unique
/// local, site-local), link-local (cloud metadata lives there), carrier-grade NAT, unspecified, multicast and the
/// other special ranges, in IPv4 and IPv6; and every IPv6 form that carries an IPv4 address (mapped, compatible,
/// NAT64, 6to4) is judged by that address. Teredo tunnels are refused outright.
/// </summary>
public static class InternalAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] Ranges =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("64:ff9b:1::"), 48),
        (IPAddress.Parse("2001::"), 32),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fec0::"), 10),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    public static bool IsInternal(IPAddress address)
    {
        if (Embedded(address) is { } inner)
        {
            address = inner;
        }
        return Ranges.Any(r => r.Network.AddressFamily == address.AddressFamily && InRange(address, r.Network, r.Prefix));
    }

    /// <summary>The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d, 2002:aabb:ccdd::), or null.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var zeroPrefix = bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        var nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        if (nat64 || (zeroPrefix && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6Any.Equals(address)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        return bytes[0] == 0x20 && bytes[1] == 0x02 ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }
        var rest = prefix % 8;
        return rest == 0 || (a[whole] >> (8 - rest)) == (n[whole] >> (8 - rest));
    }

    /// <summary>Whether <paramref name="family"/> is one a receiver can be reached over.</summary>
    public static bool IsInternet(AddressFamily family) => family is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}

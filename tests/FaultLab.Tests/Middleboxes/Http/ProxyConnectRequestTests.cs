using System.Text;
using FaultLab.Middleboxes.Http;

namespace FaultLab.Tests.Middleboxes.Http;

public sealed class ProxyConnectRequestTests
{
    [Test]
    public void CurlStyleConnect_IsReadWithItsHeadLength()
    {
        var head = "CONNECT IdP.lab:443 HTTP/1.1\r\nHost: idp.lab:443\r\nProxy-Connection: Keep-Alive\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(head + "\x16\x03\x01");

        var request = ProxyConnectRequest.TryRead(bytes);

        Assert.That(request, Is.EqualTo(new ProxyConnectRequest("idp.lab", 443, head.Length)));
    }

    [Test]
    public void BracketedIpv6Target_LosesItsBrackets()
    {
        var request = ProxyConnectRequest.TryRead("CONNECT [::1]:8443 HTTP/1.1\r\n\r\n"u8);

        Assert.That(request!.Host, Is.EqualTo("::1"));
        Assert.That(request.Port, Is.EqualTo(8443));
    }

    [Test]
    public void IncompleteHead_NeedsMoreBytes() =>
        Assert.That(ProxyConnectRequest.TryRead("CONNECT idp.lab:443 HTTP/1.1\r\nHost: idp"u8), Is.Null);

    [TestCase("CONNECT idp.lab HTTP/1.1\r\n\r\n", "is not host:port")]
    [TestCase("CONNECT idp.lab:0 HTTP/1.1\r\n\r\n", "is not host:port")]
    [TestCase("CONNECT idp.lab:99999 HTTP/1.1\r\n\r\n", "is not host:port")]
    [TestCase("CONNECT :443 HTTP/1.1\r\n\r\n", "is not host:port")]
    [TestCase("CONNECT idp.lab:443 SPDY/3\r\n\r\n", "not a CONNECT request line")]
    public void BadHead_IsRefusedWithAReason(string head, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ProxyConnectRequest.TryRead(Encoding.ASCII.GetBytes(head)))!;

        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void EndlessHead_IsRefused()
    {
        var endless = Encoding.ASCII.GetBytes("CONNECT idp.lab:443 HTTP/1.1\r\nX: " + new string('a', ProxyConnectRequest.MaxHeadBytes));

        Assert.Throws<FormatException>(() => ProxyConnectRequest.TryRead(endless));
    }

    [TestCase("CONN", null)]
    [TestCase("CONNECT ", true)]
    [TestCase("CONNEXT ", false)]
    [TestCase("GET / HT", false)]
    public void StartsWithConnect_DecidesAsSoonAsItCan(string first, bool? expected) =>
        Assert.That(ProxyConnectRequest.StartsWithConnect(Encoding.ASCII.GetBytes(first)), Is.EqualTo(expected));
}

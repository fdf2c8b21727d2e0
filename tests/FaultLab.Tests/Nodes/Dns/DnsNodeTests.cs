using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using FaultLab.Nodes.Dns;
using FaultLab.Tests.Nodes.Origins;
using FaultLab.Tests.Support;
using FaultLab.World;

namespace FaultLab.Tests.Nodes.Dns;

public sealed class DnsNodeTests
{
    private const int ClientTimeoutMs = 2000;
    private static readonly IPAddress WwwAddress = IPAddress.Parse("127.0.0.42");
    private static readonly IPAddress HrAddress = IPAddress.Parse("127.0.0.43");

    private TestNodeContext _world = null!;
    private DnsNode _node = null!;

    [SetUp]
    public async Task StartNode()
    {
        _world = new TestNodeContext();
        _world.Directory.RegisterHost("www.example.lab", WwwAddress);
        _world.Directory.RegisterHost("hr.corp.lab", HrAddress);
        _node = new DnsNode();
        await _node.StartAsync(_world.Context, CancellationToken.None);
    }

    [TearDown]
    public async Task StopNode()
    {
        await _node.DisposeAsync();
        _world.Dispose();
    }

    [Test]
    public async Task Dig_LabName_AnswersTheDirectoryAddress()
    {
        var run = await DigAsync(DnsView.Public, "www.example.lab", "A", "+short");
        Assert.That(run.Output.Trim(), Is.EqualTo(WwwAddress.ToString()), run.ToString());
    }

    [Test]
    public async Task Dig_UnknownName_IsNxDomainWithTheLabSoa()
    {
        var run = await DigAsync(DnsView.Public, "nowhere.example.lab", "A");
        Assert.That(run.Output, Does.Contain("status: NXDOMAIN"), run.ToString());
        Assert.That(run.Output, Does.Match(@"(?m)^lab\.\s+\d+\s+IN\s+SOA\s+dns\.lab\."), run.ToString());
        Assert.That(run.Output, Does.Match(@"flags: qr aa"), run.ToString());
    }

    [Test]
    public async Task DigOverTcp_AnswersLikeUdp()
    {
        var found = await DigAsync(DnsView.Public, "www.example.lab", "A", "+tcp", "+short");
        var missing = await DigAsync(DnsView.Public, "nowhere.example.lab", "A", "+tcp");
        Assert.That(found.Output.Trim(), Is.EqualTo(WwwAddress.ToString()), found.ToString());
        Assert.That(missing.Output, Does.Contain("status: NXDOMAIN"), missing.ToString());
        Assert.That(missing.Output, Does.Contain("(TCP)"), missing.ToString());
    }

    [Test]
    public async Task Dig_CorporateName_IsNxDomainOnPublicAndAnsweredOnOffice()
    {
        var fromPublic = await DigAsync(DnsView.Public, "hr.corp.lab", "A");
        var fromOffice = await DigAsync(DnsView.Office, "hr.corp.lab", "A", "+short");
        Assert.That(fromPublic.Output, Does.Contain("status: NXDOMAIN"), fromPublic.ToString());
        Assert.That(fromOffice.Output.Trim(), Is.EqualTo(HrAddress.ToString()), fromOffice.ToString());
    }

    [Test]
    public async Task Resolve_NameRegisteredAfterStart_IsAnswered()
    {
        var before = await ResolveAsync(DnsView.Public, "late.example.lab", RecordType.A);
        _world.Directory.RegisterHost("late.example.lab", IPAddress.Parse("127.0.0.44"));
        var after = await ResolveAsync(DnsView.Public, "late.example.lab", RecordType.A);

        Assert.That(before.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(after.ReturnCode, Is.EqualTo(ReturnCode.NoError));
        Assert.That(after.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("127.0.0.44")));
        Assert.That(after.IsAuthoritiveAnswer, Is.True);
    }

    [Test]
    public async Task Resolve_OtherTypeOfExistingName_IsNoErrorWithoutAnswers()
    {
        var response = await ResolveAsync(DnsView.Public, "www.example.lab", RecordType.Aaaa);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
        Assert.That(response.AnswerRecords, Is.Empty);
        Assert.That(response.AuthorityRecords.OfType<SoaRecord>().Single().Name, Is.EqualTo(DomainName.Parse("lab")));
    }

    [Test]
    public async Task Resolve_ParentOfARegisteredName_ExistsWithoutAnswers()
    {
        var response = await ResolveAsync(DnsView.Public, "example.lab", RecordType.A);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NoError));
        Assert.That(response.AnswerRecords, Is.Empty);
    }

    [Test]
    public async Task Resolve_UnknownCorporateNameOnOffice_IsNxDomainWithTheCorporateSoa()
    {
        var response = await ResolveAsync(DnsView.Office, "payroll.corp.lab", RecordType.A);

        Assert.That(response.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(response.AuthorityRecords.OfType<SoaRecord>().Single().Name, Is.EqualTo(DomainName.Parse("corp.lab")));
    }

    [Test]
    public async Task Resolve_OverTcpWithArsoftClient_SplitHorizonHolds()
    {
        var fromPublic = await ResolveAsync(DnsView.Public, "hr.corp.lab", RecordType.A, new TcpClientTransport(Port(DnsView.Public)));
        var fromOffice = await ResolveAsync(DnsView.Office, "hr.corp.lab", RecordType.A, new TcpClientTransport(Port(DnsView.Office)));

        Assert.That(fromPublic.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(fromOffice.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(HrAddress));
    }

    [Test]
    public void Start_RegistersBothResolversOnPort53ForUdpAndTcp()
    {
        foreach (var transport in new[] { Transport.Udp, Transport.Tcp })
        {
            Assert.That(_world.EndPointOf("dns.lab", 53, transport), Is.EqualTo(_node.EndPointOf(DnsView.Public)));
            Assert.That(_world.EndPointOf("dns.corp.lab", 53, transport), Is.EqualTo(_node.EndPointOf(DnsView.Office)));
        }
        Assert.That(_node.EndPointOf(DnsView.Public), Is.Not.EqualTo(_node.EndPointOf(DnsView.Office)));
        Assert.That(_node.Endpoints, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task QueriesAnswered_CountsEveryResponse()
    {
        await ResolveAsync(DnsView.Public, "www.example.lab", RecordType.A);
        await ResolveAsync(DnsView.Office, "nowhere.lab", RecordType.A);

        Assert.That(_node.QueriesAnswered, Is.EqualTo(2));
    }

    [Test]
    public async Task Interceptor_WrongAddressAndDrop_ChangeOnlyTheQueriesItPicks()
    {
        var interceptor = new ByNameInterceptor(new Dictionary<string, DnsInterception>
        {
            ["www.example.lab"] = DnsInterception.WrongAddress(IPAddress.Parse("127.0.0.99")),
            ["gone.example.lab"] = DnsInterception.Drop,
        });
        _node.AddInterceptor(interceptor);

        var wrong = await ResolveAsync(DnsView.Public, "www.example.lab", RecordType.A);
        var dropped = await SendRawUdpQueryAsync(DnsView.Public, "gone.example.lab", TimeSpan.FromMilliseconds(500));
        var untouched = await ResolveAsync(DnsView.Office, "hr.corp.lab", RecordType.A);

        Assert.That(wrong.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(IPAddress.Parse("127.0.0.99")));
        Assert.That(dropped, Is.Null, "a dropped query must get no response at all");
        Assert.That(untouched.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(HrAddress));
        Assert.That(_node.QueriesDropped, Is.EqualTo(1));
        Assert.That(interceptor.Seen, Does.Contain(new SeenQuery("gone.example.lab", DnsView.Public, Transport.Udp)));

        Assert.That(_node.RemoveInterceptor(interceptor), Is.True);
        var restored = await ResolveAsync(DnsView.Public, "www.example.lab", RecordType.A);
        Assert.That(restored.AnswerRecords.OfType<ARecord>().Single().Address, Is.EqualTo(WwwAddress));
    }

    private int Port(DnsView view) => _node.EndPointOf(view).Port;

    private Task<ExternalToolResult> DigAsync(DnsView view, string name, string type, params string[] options) =>
        ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", Port(view).ToString(), name, type, "+time=2", "+tries=1", .. options]);

    private async Task<DnsMessage> ResolveAsync(DnsView view, string name, RecordType type, IClientTransport? transport = null)
    {
        using var client = new DnsClient([IPAddress.Loopback], [transport ?? new UdpClientTransport(Port(view))], true, ClientTimeoutMs);
        var response = await client.ResolveAsync(DomainName.Parse(name), type);
        return response ?? throw new AssertionException($"no response for {name} {type} from the {view} resolver");
    }

    /// <summary>Sends one A query over a plain UDP socket; the response bytes, or null when none came in time.</summary>
    private async Task<byte[]?> SendRawUdpQueryAsync(DnsView view, string name, TimeSpan wait)
    {
        // RFC 1035 wire format by hand: id 0x4242, RD set, one question, QTYPE A, QCLASS IN.
        var bytes = new List<byte> { 0x42, 0x42, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        bytes.AddRange([0x00, 0x00, 0x01, 0x00, 0x01]);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await socket.SendToAsync(bytes.ToArray(), SocketFlags.None, _node.EndPointOf(view));
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(wait);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            return buffer[..received];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record SeenQuery(string Name, DnsView View, Transport Transport);

    private sealed class ByNameInterceptor(IReadOnlyDictionary<string, DnsInterception> byName) : IDnsQueryInterceptor
    {
        public List<SeenQuery> Seen { get; } = [];

        public ValueTask<DnsInterception> InterceptAsync(DnsQuery query, CancellationToken cancellationToken)
        {
            lock (Seen) Seen.Add(new SeenQuery(query.Name, query.View, query.Transport));
            return ValueTask.FromResult(byName.GetValueOrDefault(query.Name, DnsInterception.Pass));
        }
    }
}

using System.Globalization;
using System.Xml;
using CloudWatcher.Emulator.Logs;

namespace CloudWatcher.Emulator.Ec2;

/// <summary>
/// Writes one reservationSet item (one reservation per instance) with the Instance shape of
/// botocore's ec2/2016-11-15 model. Network details are derived deterministically from the instance id.
/// </summary>
internal static class InstanceXml
{
    private const string VpcId = "vpc-0a1b2c3d4e5f60718";
    private const string SubnetId = "subnet-0123abcd4567ef890";

    public static void WriteReservation(XmlWriter w, EmulatedEc2Instance i, Ec2Store store)
    {
        w.WriteStartElement("item");
        w.WriteElementString("reservationId", ReservationId(i.InstanceId));
        w.WriteElementString("ownerId", LogsStore.AccountId);
        w.WriteStartElement("groupSet");
        w.WriteEndElement();
        w.WriteStartElement("instancesSet");
        WriteInstance(w, i, store);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteInstance(XmlWriter w, EmulatedEc2Instance i, Ec2Store store)
    {
        bool gone = i.State is Ec2InstanceState.Terminated or Ec2InstanceState.ShuttingDown;
        bool down = gone || i.State is Ec2InstanceState.Stopped or Ec2InstanceState.Stopping;
        string ip = PrivateIp(i.InstanceId);

        w.WriteStartElement("item");
        w.WriteElementString("instanceId", i.InstanceId);
        w.WriteElementString("imageId", i.ImageId);
        w.WriteStartElement("instanceState");
        w.WriteElementString("code", ((int)i.State).ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("name", i.StateName);
        w.WriteEndElement();
        w.WriteElementString("privateDnsName", gone ? "" : PrivateDnsName(ip, store.Region));
        w.WriteElementString("dnsName", "");
        w.WriteElementString("reason", down && i.StateTransitionTime is { } at
            ? $"User initiated ({at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} GMT)" : "");
        w.WriteElementString("amiLaunchIndex", "0");
        w.WriteStartElement("productCodes");
        w.WriteEndElement();
        w.WriteElementString("instanceType", i.InstanceType);
        w.WriteElementString("launchTime", Ec2Response.Time(i.LaunchTime));
        w.WriteStartElement("placement");
        w.WriteElementString("availabilityZone", store.ZoneOf(i));
        w.WriteElementString("groupName", "");
        w.WriteElementString("tenancy", "default");
        w.WriteEndElement();
        w.WriteStartElement("monitoring");
        w.WriteElementString("state", "disabled");
        w.WriteEndElement();
        if (!gone)
        {
            w.WriteElementString("subnetId", SubnetId);
            w.WriteElementString("vpcId", VpcId);
            w.WriteElementString("privateIpAddress", ip);
        }
        w.WriteElementString("sourceDestCheck", "true");
        w.WriteStartElement("groupSet");
        w.WriteEndElement();
        if (down && i.StateTransitionTime is not null)
        {
            const string code = "Client.UserInitiatedShutdown";
            w.WriteStartElement("stateReason");
            w.WriteElementString("code", code);
            w.WriteElementString("message", code + ": User initiated shutdown");
            w.WriteEndElement();
        }
        w.WriteElementString("architecture", "x86_64");
        w.WriteElementString("rootDeviceType", "ebs");
        w.WriteElementString("rootDeviceName", "/dev/xvda");
        w.WriteStartElement("blockDeviceMapping");
        w.WriteEndElement();
        w.WriteElementString("virtualizationType", "hvm");
        w.WriteStartElement("tagSet");
        if (i.Name is not null)
        {
            w.WriteStartElement("item");
            w.WriteElementString("key", "Name");
            w.WriteElementString("value", i.Name);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteElementString("hypervisor", "xen");
        w.WriteStartElement("networkInterfaceSet");
        w.WriteEndElement();
        w.WriteElementString("ebsOptimized", "false");
        w.WriteElementString("enaSupport", "true");
        w.WriteElementString("platformDetails", "Linux/UNIX");
        w.WriteElementString("usageOperation", "RunInstances");
        w.WriteEndElement();
    }

    /// <summary>r- and 17 hex digits derived from the instance id (stable across runs).</summary>
    internal static string ReservationId(string instanceId)
    {
        var chars = instanceId[2..].Select(c => "0123456789abcdef"[(Convert.ToInt32(c.ToString(), 16) + 7) % 16]);
        return "r-" + new string(chars.ToArray()).PadRight(17, '0');
    }

    private static string PrivateIp(string instanceId)
    {
        string hex = instanceId[2..];
        int x = Convert.ToInt32(hex[^4..^2], 16), y = Convert.ToInt32(hex[^2..], 16);
        return $"10.0.{x}.{Math.Max(4, y)}";
    }

    private static string PrivateDnsName(string ip, string region) =>
        "ip-" + ip.Replace('.', '-') + (region == "us-east-1" ? ".ec2.internal" : $".{region}.compute.internal");
}

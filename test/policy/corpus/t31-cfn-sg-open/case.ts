import * as aws from "@pulumi/aws";
import { Case } from "../case";

/**
 * t31-cfn-sg-open: cloudformation-ingress on "stack". SSH from the internet, in a template's
 * security group, through a parameter whose default is 0.0.0.0/0.
 */
const stack = (name: string, sshFrom: string) =>
    new aws.cloudformation.Stack(name, {
        templateBody: JSON.stringify({
            Parameters: { SshFrom: { Type: "String", Default: sshFrom } },
            Resources: {
                Bastion: {
                    Type: "AWS::EC2::SecurityGroup",
                    Properties: {
                        GroupDescription: "bastion",
                        VpcId: "vpc-0123456789abcdef0",
                        SecurityGroupIngress: [
                            {
                                IpProtocol: "tcp",
                                FromPort: 22,
                                ToPort: 22,
                                CidrIp: { Ref: "SshFrom" },
                            },
                        ],
                    },
                },
            },
        }),
    });

const c: Case = {
    class: "5-types",
    rule: "cloudformation-ingress",
    target: "stack",
    unsafe: (n) => {
        stack(n("stack"), "0.0.0.0/0");
    },
    careful: (n) => {
        stack(n("stack"), "10.20.0.0/16");
    },
};
export default c;
